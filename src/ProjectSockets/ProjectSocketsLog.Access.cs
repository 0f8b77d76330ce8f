using Microsoft.Extensions.Logging;

namespace ProjectSockets;

/// <summary>Log messages of cluster-wide control and of credentials that change while connected (ids 161–179).</summary>
internal static partial class ProjectSocketsLog
{
    [LoggerMessage(EventId = 161, EventName = "ControlSubscribeFailed", Level = LogLevel.Error,
        Message = "Subscribing connection {ConnectionId} to project {Project} from the server failed in the event store.")]
    public static partial void ControlSubscribeFailed(ILogger logger, string project, string connectionId, Exception exception);

    [LoggerMessage(EventId = 162, EventName = "ControlSubscribeOverLimit", Level = LogLevel.Warning,
        Message = "Connection {ConnectionId} was not subscribed to project {Project} from the server: it is at its subscription limit.")]
    public static partial void ControlSubscribeOverLimit(ILogger logger, string project, string connectionId);

    [LoggerMessage(EventId = 163, EventName = "AccessEnded", Level = LogLevel.Information,
        Message = "Connection {ConnectionId} no longer follows project {Project}: {Reason}.")]
    public static partial void AccessEnded(ILogger logger, string connectionId, string project, string reason);

    [LoggerMessage(EventId = 164, EventName = "CredentialsExpired", Level = LogLevel.Information,
        Message = "Connection {ConnectionId} is closed with 4003: its credentials expired.")]
    public static partial void CredentialsExpired(ILogger logger, string connectionId);

    [LoggerMessage(EventId = 165, EventName = "RefreshDenied", Level = LogLevel.Information,
        Message = "Connection {ConnectionId}: a refresh was denied.")]
    public static partial void RefreshDenied(ILogger logger, string connectionId);

    [LoggerMessage(EventId = 166, EventName = "RefreshFailed", Level = LogLevel.Error,
        Message = "Connection {ConnectionId}: checking a refresh threw in the credentials seam or the authorizer.")]
    public static partial void RefreshFailed(ILogger logger, string connectionId, Exception exception);
}
