using StackExchange.Redis;

namespace ProjectSockets.StackExchangeRedis;

/// <summary>
/// Names a project's keys and channel: <c>{prefix}{{project}}:meta</c> (hash: seq, epoch, bytes),
/// <c>{prefix}{{project}}:history</c> (list of entries, oldest first) and the channel <c>{prefix}{{project}}:events</c>.
/// The project is the hash tag, so a project's keys share one cluster slot; project ids are used as they are,
/// so two projects that differ only in case never share a key.
/// </summary>
internal sealed class RedisKeys(string prefix)
{
    public string Prefix { get; } = prefix;

    public RedisKey Meta(string project) => $"{Prefix}{{{project}}}:meta";

    public RedisKey History(string project) => $"{Prefix}{{{project}}}:history";

    /// <summary>The key that remembers a publish id's first result, in the project's slot.</summary>
    public RedisKey Idempotency(string project, string key) => $"{Prefix}{{{project}}}:idem:{key}";

    public RedisChannel Channel(string project) => RedisChannel.Literal($"{Prefix}{{{project}}}:events");
}
