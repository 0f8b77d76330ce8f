using System.Buffers.Text;
using System.Security.Cryptography;
using StackExchange.Redis;

namespace ProjectSockets.StackExchangeRedis;

/// <summary>Runs the store's scripts: appends (seq, history, publish in one step) and reads position and history.</summary>
internal sealed class RedisHistory(RedisKeys keys, ProjectSocketsOptions options, TimeSpan projectExpiry)
{
    private readonly long _expiryMs = (long)Math.Ceiling(projectExpiry.TotalMilliseconds);

    public RedisKeys Keys { get; } = keys;

    /// <summary>
    /// Appends one event and publishes it on <paramref name="channel"/> (the project's); returns its seq and epoch, or
    /// the first append's when <paramref name="idempotencyKey"/> was used within the project's window.
    /// </summary>
    public async Task<(long Seq, string Epoch, bool Duplicate)> AppendAsync(IDatabaseAsync database, string project, RedisChannel channel, long nowMs, string eventName, ReadOnlyMemory<byte> data, string? idempotencyKey)
    {
        var (values, settings) = Common(project, nowMs, extra: 3);
        values[6] = channel.ToString();
        values[7] = HistoryEntry.EncodeAppend(nowMs, eventName, data.Span);
        values[8] = Math.Max(1, (long)Math.Ceiling(settings.IdempotencyWindow.TotalMilliseconds));
        RedisKey[] keys = idempotencyKey is null
            ? [Keys.Meta(project), Keys.History(project)]
            : [Keys.Meta(project), Keys.History(project), Keys.Idempotency(project, idempotencyKey)];
        var result = (RedisResult[])(await database.ScriptEvaluateAsync(RedisScripts.Append, keys, values).ConfigureAwait(false))!;
        return ((long)result[0], (string)result[1]!, (long)result[2] == 1);
    }

    /// <summary>Reads a page of history for the history API.</summary>
    public async Task<HistoryPage> ReadPageAsync(IDatabaseAsync database, string project, long nowMs, HistoryQuery query)
    {
        var (values, _) = Common(project, nowMs, extra: 3);
        values[6] = query.Since is { } since ? since : RedisValue.EmptyString;
        values[7] = query.Epoch is { } epoch ? "=" + epoch : RedisValue.EmptyString;
        values[8] = query.Limit;
        var result = (RedisResult[])(await database.ScriptEvaluateAsync(RedisScripts.ReadPage, [Keys.Meta(project), Keys.History(project)], values).ConfigureAwait(false))!;
        var projectEpoch = (string)result[1]!;
        var entries = (RedisValue[])result[3]!;
        var events = new List<ProjectEvent>(entries.Length);
        foreach (var entry in entries)
        {
            if (HistoryEntry.TryParse((byte[])entry!, out var parsed))
            {
                events.Add(parsed.ToEvent(project, projectEpoch));
            }
        }

        return new HistoryPage(project, (long)result[0], projectEpoch, (long)result[2] == 1, events);
    }

    /// <summary>Reads the project's position, and the entries after the lower of two positions when they are in its epoch.</summary>
    public async Task<HistoryRead> ReadAsync(IDatabaseAsync database, string project, long nowMs, SeqPosition? first, SeqPosition? second)
    {
        var (values, _) = Common(project, nowMs, extra: 4);
        Position(values, 6, first);
        Position(values, 8, second);
        var result = (RedisResult[])(await database.ScriptEvaluateAsync(RedisScripts.Read, [Keys.Meta(project), Keys.History(project)], values).ConfigureAwait(false))!;
        return new HistoryRead((long)result[0], (string)result[1]!, (long)result[2], (RedisValue[])result[3]!);
    }

    /// <summary>The common arguments, with the project's own history bounds (its namespace's, or the global ones).</summary>
    private (RedisValue[] Values, ProjectSettings Settings) Common(string project, long nowMs, int extra)
    {
        var settings = options.GetProjectSettings(project);
        var values = new RedisValue[6 + extra];
        values[0] = NewEpoch();
        values[1] = nowMs;
        values[2] = settings.HistoryMaxEvents;
        values[3] = settings.HistoryMaxBytes;
        values[4] = Math.Max(1, (long)Math.Ceiling(settings.HistoryMaxAge.TotalMilliseconds));
        values[5] = _expiryMs;
        return (values, settings);
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
