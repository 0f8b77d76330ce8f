using Microsoft.Extensions.Logging;

namespace ProjectSockets;

/// <summary>Every log message of the core. Query strings and tokens are never logged.</summary>
internal static partial class ProjectSocketsLog
{
    [LoggerMessage(EventId = 1, EventName = "AllowAllAuthorizer", Level = LogLevel.Warning,
        Message = "No IProjectAuthorizer is registered: every connection may subscribe to every project and run every command.")]
    public static partial void AllowAllAuthorizer(ILogger logger);

    [LoggerMessage(EventId = 2, EventName = "ConnectionOpened", Level = LogLevel.Debug, Message = "Connection {ConnectionId} opened.")]
    public static partial void ConnectionOpened(ILogger logger, string connectionId);

    [LoggerMessage(EventId = 3, EventName = "ConnectionClosed", Level = LogLevel.Debug, Message = "Connection {ConnectionId} closed with {CloseCode}.")]
    public static partial void ConnectionClosed(ILogger logger, string connectionId, int closeCode);

    [LoggerMessage(EventId = 4, EventName = "HandshakeRefused", Level = LogLevel.Debug, Message = "Upgrade refused with {StatusCode}: {Reason}")]
    public static partial void HandshakeRefused(ILogger logger, int statusCode, string reason);

    [LoggerMessage(EventId = 5, EventName = "CommandFailed", Level = LogLevel.Error, Message = "Command {Command} of connection {ConnectionId} threw.")]
    public static partial void CommandFailed(ILogger logger, string command, string connectionId, Exception exception);

    [LoggerMessage(EventId = 6, EventName = "CommandTimedOut", Level = LogLevel.Warning, Message = "Command {Command} of connection {ConnectionId} timed out.")]
    public static partial void CommandTimedOut(ILogger logger, string command, string connectionId);

    [LoggerMessage(EventId = 7, EventName = "SlowConsumer", Level = LogLevel.Warning, Message = "Connection {ConnectionId} is closed as a slow consumer: its send queue is full.")]
    public static partial void SlowConsumer(ILogger logger, string connectionId);

    [LoggerMessage(EventId = 8, EventName = "HeartbeatTimeout", Level = LogLevel.Information, Message = "Connection {ConnectionId} is closed: nothing heard within the heartbeat timeout.")]
    public static partial void HeartbeatTimeout(ILogger logger, string connectionId);

    [LoggerMessage(EventId = 9, EventName = "PolicyClose", Level = LogLevel.Warning, Message = "Connection {ConnectionId} is closed for policy: {Reason}")]
    public static partial void PolicyClose(ILogger logger, string connectionId, string reason);

    [LoggerMessage(EventId = 10, EventName = "ConnectionFaulted", Level = LogLevel.Debug, Message = "Connection {ConnectionId} ended abruptly.")]
    public static partial void ConnectionFaulted(ILogger logger, string connectionId, Exception exception);

    [LoggerMessage(EventId = 11, EventName = "ConnectionError", Level = LogLevel.Error, Message = "Connection {ConnectionId} failed unexpectedly.")]
    public static partial void ConnectionError(ILogger logger, string connectionId, Exception exception);

    [LoggerMessage(EventId = 12, EventName = "ShutdownStarted", Level = LogLevel.Information, Message = "Shutting down {Count} connection(s).")]
    public static partial void ShutdownStarted(ILogger logger, int count);

    [LoggerMessage(EventId = 13, EventName = "ConnectionRejected", Level = LogLevel.Warning,
        Message = "Connection {ConnectionId} was closed by its transport: the client sent a text message that is not valid UTF-8 or broke the WebSocket protocol.")]
    public static partial void ConnectionRejected(ILogger logger, string connectionId);

    [LoggerMessage(EventId = 14, EventName = "ProjectReset", Level = LogLevel.Warning,
        Message = "Project {Project}: the event store cannot deliver its next events without a gap; {Count} subscriber(s) closed with 4001 to resume.")]
    public static partial void ProjectReset(ILogger logger, string project, int count);

    [LoggerMessage(EventId = 15, EventName = "SubscribeFailed", Level = LogLevel.Error,
        Message = "Subscribing connection {ConnectionId} to project {Project} failed in the authorizer or the event store.")]
    public static partial void SubscribeFailed(ILogger logger, string project, string connectionId, Exception exception);

    [LoggerMessage(EventId = 30, EventName = "HistoryShorterThanSendQueue", Level = LogLevel.Warning,
        Message = "History.MaxEvents ({HistoryEvents}) and History.MaxBytes ({HistoryBytes}) should be at least {Factor} times SendQueue.MaxMessages ({QueueMessages}) and SendQueue.MaxBytes ({QueueBytes}): a client closed with 4001 (slow consumer) loses what was waiting in its send queue and may then be unable to resume (recovered: false).")]
    public static partial void HistoryShorterThanSendQueue(ILogger logger, int historyEvents, long historyBytes, int factor, int queueMessages, long queueBytes);

    [LoggerMessage(EventId = 31, EventName = "ProjectsReclaimed", Level = LogLevel.Debug,
        Message = "{Count} project(s) with no subscriber and no history left were forgotten; they start in a new epoch if named again.")]
    public static partial void ProjectsReclaimed(ILogger logger, int count);

    [LoggerMessage(EventId = 40, EventName = "ConnectionAbandoned", Level = LogLevel.Warning,
        Message = "Connection {ConnectionId}: its transport did not end a pending send or receive when aborted; the connection is released without waiting for it.")]
    public static partial void ConnectionAbandoned(ILogger logger, string connectionId);

    [LoggerMessage(EventId = 41, EventName = "ShutdownIncomplete", Level = LogLevel.Warning,
        Message = "Shutdown stopped waiting for {Count} connection(s) that had not ended after being aborted.")]
    public static partial void ShutdownIncomplete(ILogger logger, int count);

    [LoggerMessage(EventId = 140, EventName = "LifecycleHookFailed", Level = LogLevel.Error,
        Message = "A lifecycle hook for {Kind} of connection {ConnectionId} threw; the next hook runs and the connection is not affected.")]
    public static partial void LifecycleHookFailed(ILogger logger, ConnectionLifecycleEventKind kind, string connectionId, Exception exception);

    [LoggerMessage(EventId = 141, EventName = "LifecycleEventDropped", Level = LogLevel.Warning,
        Message = "The lifecycle hooks are behind by 10000 events: {Kind} of connection {ConnectionId} was dropped.")]
    public static partial void LifecycleEventDropped(ILogger logger, ConnectionLifecycleEventKind kind, string connectionId);

    [LoggerMessage(EventId = 142, EventName = "PresenceInfoFailed", Level = LogLevel.Error,
        Message = "The presence info provider threw for connection {ConnectionId} in project '{Project}'; the member joins without info.")]
    public static partial void PresenceInfoFailed(ILogger logger, string project, string connectionId, Exception exception);

    [LoggerMessage(EventId = 143, EventName = "PresenceQueryFailed", Level = LogLevel.Error,
        Message = "The presence of project '{Project}' could not be read for connection {ConnectionId}.")]
    public static partial void PresenceQueryFailed(ILogger logger, string project, string connectionId, Exception exception);
}
