using Microsoft.Extensions.Logging;

namespace ProjectSockets.StackExchangeRedis;

/// <summary>Every log message of the Redis event store. Event ids 100-199 belong to this package.</summary>
internal static partial class RedisProjectEventStoreLog
{
    [LoggerMessage(EventId = 4001, EventName = "GapDetected", Level = LogLevel.Information,
        Message = "Project {Project}: seq {Seq} arrived while this node had delivered up to {Cursor}; reading the missed events from history.")]
    public static partial void GapDetected(ILogger logger, string project, long seq, long cursor);

    [LoggerMessage(EventId = 4002, EventName = "GapFilled", Level = LogLevel.Information,
        Message = "Project {Project}: {Count} missed event(s) delivered from history.")]
    public static partial void GapFilled(ILogger logger, string project, int count);

    [LoggerMessage(EventId = 4003, EventName = "ProjectReset", Level = LogLevel.Warning,
        Message = "Project {Project}: {Reason}; {Count} local subscriber(s) closed with 4001 to resume.")]
    public static partial void ProjectReset(ILogger logger, string project, string reason, int count);

    [LoggerMessage(EventId = 4004, EventName = "ReadFailed", Level = LogLevel.Warning,
        Message = "Project {Project}: reading its position from Redis failed; it is retried on the next event, reconnection or check.")]
    public static partial void ReadFailed(ILogger logger, string project, Exception exception);

    [LoggerMessage(EventId = 4005, EventName = "ConnectionRestored", Level = LogLevel.Information,
        Message = "Redis connection ({ConnectionType}) restored: checking {Count} project(s) for missed events.")]
    public static partial void ConnectionRestored(ILogger logger, string connectionType, int count);

    [LoggerMessage(EventId = 4006, EventName = "ConnectionFailed", Level = LogLevel.Warning,
        Message = "Redis connection ({ConnectionType}) failed ({FailureType}): publishing fails until it is restored; connected clients stay connected.")]
    public static partial void ConnectionFailed(ILogger logger, string connectionType, string failureType, Exception? exception);

    [LoggerMessage(EventId = 4007, EventName = "UnsubscribeFailed", Level = LogLevel.Debug,
        Message = "Project {Project}: unsubscribing from its channel failed.")]
    public static partial void UnsubscribeFailed(ILogger logger, string project, Exception exception);

    [LoggerMessage(EventId = 4008, EventName = "MalformedMessage", Level = LogLevel.Warning,
        Message = "Project {Project}: a message on its channel is not an event entry; ignored. Do other applications share the key prefix?")]
    public static partial void MalformedMessage(ILogger logger, string project);

    [LoggerMessage(EventId = 4009, EventName = "FeedFailed", Level = LogLevel.Error,
        Message = "Project {Project}: handling {Work} failed unexpectedly.")]
    public static partial void FeedFailed(ILogger logger, string project, FeedWorkKind work, Exception exception);

    [LoggerMessage(EventId = 4010, EventName = "AttachSlow", Level = LogLevel.Warning,
        Message = "Project {Project}: Redis did not answer a subscription in time (attempt {Attempt}); still waiting, up to the command timeout.")]
    public static partial void AttachSlow(ILogger logger, string project, int attempt, Exception exception);

    [LoggerMessage(EventId = 4011, EventName = "AttachWaitsForListening", Level = LogLevel.Information,
        Message = "Project {Project}: the Redis connection that listens to channels is not up yet; the subscription waits for it.")]
    public static partial void AttachWaitsForListening(ILogger logger, string project, Exception exception);

    [LoggerMessage(EventId = 4111, EventName = "CommandOutcomeTooLate", Level = LogLevel.Warning,
        Message = "The outcome of command {Command} was not recorded: its deadline passed first and retries were answered with outcome_unknown.")]
    public static partial void CommandOutcomeTooLate(ILogger logger, string command);
    [LoggerMessage(EventId = 4121, EventName = "ControlListenFailed", Level = LogLevel.Warning,
        Message = "This node could not listen to the control channel yet; it tries again with the next control command or restored connection.")]
    public static partial void ControlListenFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 4122, EventName = "ControlMessageMalformed", Level = LogLevel.Warning,
        Message = "A message on the control channel is not a control command; ignored. Do other applications share the key prefix?")]
    public static partial void ControlMessageMalformed(ILogger logger);

    [LoggerMessage(EventId = 4123, EventName = "ControlFailed", Level = LogLevel.Error,
        Message = "Running or answering a {Kind} control command on this node failed.")]
    public static partial void ControlFailed(ILogger logger, ControlCommandKind kind, Exception exception);

    [LoggerMessage(EventId = 4124, EventName = "ControlAnswersMissing", Level = LogLevel.Warning,
        Message = "A {Kind} control command reached {Nodes} node(s) but only {Answers} answered within the control timeout; the count leaves the others out.")]
    public static partial void ControlAnswersMissing(ILogger logger, ControlCommandKind kind, int nodes, int answers);
}
