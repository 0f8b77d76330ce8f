using StackExchange.Redis;

namespace ProjectSockets.StackExchangeRedis;

/// <summary>Names presence's keys and channel (see <see cref="RedisPresenceScripts"/>).</summary>
internal sealed class RedisPresenceKeys(string prefix, string nodeId)
{
    public string Prefix { get; } = prefix;

    public RedisKey Node { get; } = $"{prefix}presence:node:{nodeId}";

    public RedisKey Nodes { get; } = $"{prefix}presence:nodes";

    public RedisKey Counts { get; } = $"{prefix}presence:counts";

    public string Channel { get; } = $"{prefix}presence";

    public RedisKey Project(string project) => $"{Prefix}presence:project:{project}";
}
