using System.Buffers.Text;
using System.Security.Cryptography;
using StackExchange.Redis;

namespace ProjectSockets.StackExchangeRedis;

/// <summary>Runs the store's scripts: appends (seq, history, publish in one step) and reads position and history.</summary>
internal sealed class RedisHistory(RedisKeys keys, HistoryOptions limits, TimeSpan projectExpiry)
{
    private readonly long _maxAgeMs = Math.Max(1, (long)Math.Ceiling(limits.MaxAge.TotalMilliseconds));
    private readonly long _expiryMs = (long)Math.Ceiling(projectExpiry.TotalMilliseconds);

    public RedisKeys Keys { get; } = keys;

    /// <summary>Appends one event and publishes it on <paramref name="channel"/> (the project's); returns its seq and epoch.</summary>
    public async Task<(long Seq, string Epoch)> AppendAsync(IDatabaseAsync database, string project, RedisChannel channel, long nowMs, string eventName, ReadOnlyMemory<byte> data)
    {
        var values = Common(nowMs, extra: 2);
        values[6] = channel.ToString();
        values[7] = HistoryEntry.EncodeAppend(nowMs, eventName, data.Span);
        var result = (RedisResult[])(await database.ScriptEvaluateAsync(RedisScripts.Append, [Keys.Meta(project), Keys.History(project)], values).ConfigureAwait(false))!;
        return ((long)result[0], (string)result[1]!);
    }

    /// <summary>Reads the project's position, and the entries after the lower of two positions when they are in its epoch.</summary>
    public async Task<HistoryRead> ReadAsync(IDatabaseAsync database, string project, long nowMs, SeqPosition? first, SeqPosition? second)
    {
        var values = Common(nowMs, extra: 4);
        Position(values, 6, first);
        Position(values, 8, second);
        var result = (RedisResult[])(await database.ScriptEvaluateAsync(RedisScripts.Read, [Keys.Meta(project), Keys.History(project)], values).ConfigureAwait(false))!;
        return new HistoryRead((long)result[0], (string)result[1]!, (long)result[2], (RedisValue[])result[3]!);
    }

    private RedisValue[] Common(long nowMs, int extra)
    {
        var values = new RedisValue[6 + extra];
        values[0] = NewEpoch();
        values[1] = nowMs;
        values[2] = limits.MaxEvents;
        values[3] = limits.MaxBytes;
        values[4] = _maxAgeMs;
        values[5] = _expiryMs;
        return values;
    }

    private static void Position(RedisValue[] values, int index, SeqPosition? position)
    {
        values[index] = position is { } p ? p.Seq : RedisValue.EmptyString;
        values[index + 1] = position is { } q ? q.Epoch : RedisValue.EmptyString;
    }

    /// <summary>A candidate epoch: the scripts use it only when the project has none, so it changes when history is lost.</summary>
    private static string NewEpoch()
    {
        Span<byte> bytes = stackalloc byte[12];
        RandomNumberGenerator.Fill(bytes);
        return Base64Url.EncodeToString(bytes);
    }
}
