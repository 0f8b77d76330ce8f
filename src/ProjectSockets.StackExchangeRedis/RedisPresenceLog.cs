using Microsoft.Extensions.Logging;

namespace ProjectSockets.StackExchangeRedis;

/// <summary>What presence on Redis logs (ids 4100 and up of the package's range).</summary>
internal static partial class RedisPresenceLog
{
    [LoggerMessage(EventId = 4100, EventName = "PresenceWriteFailed", Level = LogLevel.Warning,
        Message = "Presence of connection {ConnectionId} in project {Project} could not be written to Redis; the next refresh repairs it.")]
    public static partial void WriteFailed(ILogger logger, string project, string connectionId, Exception exception);

    [LoggerMessage(EventId = 4101, EventName = "PresenceRefreshFailed", Level = LogLevel.Warning,
        Message = "Node {NodeId}: the presence lease could not be renewed in Redis; trying again at the next refresh.")]
    public static partial void RefreshFailed(ILogger logger, string nodeId, Exception exception);

    [LoggerMessage(EventId = 4102, EventName = "PresenceCleanUpFailed", Level = LogLevel.Warning,
        Message = "Node {NodeId}: its presence members could not be removed at shutdown; other nodes remove them when its lease ends.")]
    public static partial void CleanUpFailed(ILogger logger, string nodeId, Exception exception);

    [LoggerMessage(EventId = 4103, EventName = "PresenceMalformedAnnouncement", Level = LogLevel.Warning,
        Message = "A message on the presence channel is not a join or leave; ignored. Do other applications share the key prefix?")]
    public static partial void MalformedAnnouncement(ILogger logger);
}
