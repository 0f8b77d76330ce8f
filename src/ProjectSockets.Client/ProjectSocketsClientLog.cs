using Microsoft.Extensions.Logging;

namespace ProjectSockets.Client;

/// <summary>The client's log messages. Event ids are never reused; URLs are logged without their query.</summary>
internal static partial class ProjectSocketsClientLog
{
    [LoggerMessage(EventId = 1001, EventName = "Connecting", Level = LogLevel.Debug, Message = "Connecting to {Endpoint}.")]
    public static partial void Connecting(ILogger logger, string endpoint);

    [LoggerMessage(EventId = 1002, EventName = "Connected", Level = LogLevel.Information, Message = "Connected as {ConnectionId}.")]
    public static partial void Connected(ILogger logger, string? connectionId);

    [LoggerMessage(EventId = 1003, EventName = "ConnectionLost", Level = LogLevel.Information, Message = "Connection {ConnectionId} ended with {CloseCode}: {Reason}")]
    public static partial void ConnectionLost(ILogger logger, string? connectionId, int? closeCode, string? reason, Exception? exception);

    [LoggerMessage(EventId = 1004, EventName = "ReconnectScheduled", Level = LogLevel.Debug, Message = "Reconnect attempt {Attempt} in {Delay}.")]
    public static partial void ReconnectScheduled(ILogger logger, int attempt, TimeSpan delay);

    [LoggerMessage(EventId = 1005, EventName = "ReconnectFailed", Level = LogLevel.Warning, Message = "Reconnect attempt {Attempt} failed.")]
    public static partial void ReconnectFailed(ILogger logger, int attempt, Exception exception);

    [LoggerMessage(EventId = 1006, EventName = "NotReconnecting", Level = LogLevel.Warning, Message = "Not reconnecting after {CloseCode}: {Reason}")]
    public static partial void NotReconnecting(ILogger logger, int? closeCode, string? reason);

    [LoggerMessage(EventId = 1007, EventName = "ServerSilent", Level = LogLevel.Warning, Message = "Nothing heard from the server for {Quiet}: giving connection {ConnectionId} up.")]
    public static partial void ServerSilent(ILogger logger, TimeSpan quiet, string? connectionId);

    [LoggerMessage(EventId = 1008, EventName = "HandlerFailed", Level = LogLevel.Error, Message = "A handler of event {EventName} threw.")]
    public static partial void HandlerFailed(ILogger logger, string eventName, Exception exception);

    [LoggerMessage(EventId = 1009, EventName = "EventDataInvalid", Level = LogLevel.Warning, Message = "The data of event {EventName} does not fit the handler's type {DataType}.")]
    public static partial void EventDataInvalid(ILogger logger, string eventName, string dataType, Exception exception);

    [LoggerMessage(EventId = 1010, EventName = "DuplicateDropped", Level = LogLevel.Trace, Message = "Event {Project} #{Seq} was already delivered; dropped.")]
    public static partial void DuplicateDropped(ILogger logger, string project, long seq);

    [LoggerMessage(EventId = 1011, EventName = "RecoveryFailed", Level = LogLevel.Warning, Message = "Project {Project} could not be resumed after seq {LastSeq}: its events up to {Seq} are gone.")]
    public static partial void RecoveryFailed(ILogger logger, string project, long lastSeq, long seq);

    [LoggerMessage(EventId = 1012, EventName = "ServerError", Level = LogLevel.Warning, Message = "The server reported {Code}: {Message}")]
    public static partial void ServerError(ILogger logger, string? code, string? message);

    [LoggerMessage(EventId = 1013, EventName = "MalformedMessage", Level = LogLevel.Warning, Message = "A message from the server could not be read; it is ignored.")]
    public static partial void MalformedMessage(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 1014, EventName = "ResubscribeFailed", Level = LogLevel.Warning, Message = "The server would not restore the subscription to {Project} ({Code}: {ServerMessage}); it has ended and SubscriptionFailed is raised.")]
    public static partial void ResubscribeFailed(ILogger logger, string project, string code, string serverMessage);

    [LoggerMessage(EventId = 1015, EventName = "ClientEventHandlerFailed", Level = LogLevel.Error, Message = "A handler of the client's {ClientEvent} event threw.")]
    public static partial void ClientEventHandlerFailed(ILogger logger, string clientEvent, Exception exception);

    [LoggerMessage(EventId = 1016, EventName = "UnsubscribedEventDropped", Level = LogLevel.Debug, Message = "Event of {Project} dropped: not subscribed.")]
    public static partial void UnsubscribedEventDropped(ILogger logger, string? project);

    [LoggerMessage(EventId = 1017, EventName = "UnsubscribeFailed", Level = LogLevel.Debug, Message = "Unsubscribing from {Project} failed; the connection forgets it anyway.")]
    public static partial void UnsubscribeFailed(ILogger logger, string project, Exception exception);

    [LoggerMessage(EventId = 1018, EventName = "StateChanged", Level = LogLevel.Debug, Message = "State {PreviousState} -> {State}.")]
    public static partial void StateChanged(ILogger logger, ProjectSocketsClientState previousState, ProjectSocketsClientState state);

    [LoggerMessage(EventId = 1019, EventName = "ResubscribeRetryScheduled", Level = LogLevel.Warning, Message = "The server answered the resubscription to {Project} with {Code}; attempt {Attempt} in {Delay}.")]
    public static partial void ResubscribeRetryScheduled(ILogger logger, string project, string code, int attempt, TimeSpan delay);

    [LoggerMessage(EventId = 1020, EventName = "ResubscribeRetryFailed", Level = LogLevel.Error, Message = "Retrying the resubscription to {Project} failed unexpectedly; the next connection restores it.")]
    public static partial void ResubscribeRetryFailed(ILogger logger, string project, Exception exception);

    [LoggerMessage(EventId = 1120, EventName = "CommandResending", Level = LogLevel.Information,
        Message = "The connection was lost before the result of command {Command} ({CommandId}); it is sent again on the next connection.")]
    public static partial void CommandResending(ILogger logger, string command, string commandId);

    [LoggerMessage(EventId = 1101, EventName = "CredentialsRefreshed", Level = LogLevel.Debug, Message = "The server's credentials_expiring was answered with a refresh it accepted.")]
    public static partial void CredentialsRefreshed(ILogger logger);

    [LoggerMessage(EventId = 1102, EventName = "RefreshFailed", Level = LogLevel.Warning, Message = "Refreshing the credentials failed; the server closes the connection with 4003 at their expiry and the client reconnects.")]
    public static partial void RefreshFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 1103, EventName = "RefreshSkipped", Level = LogLevel.Information, Message = "The server's credentials are expiring but the token provider gave no token; no refresh is sent.")]
    public static partial void RefreshSkipped(ILogger logger);
}
