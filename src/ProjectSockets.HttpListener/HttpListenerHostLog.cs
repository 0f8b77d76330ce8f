using Microsoft.Extensions.Logging;

namespace ProjectSockets;

/// <summary>Every log message of the HttpListener host. Request targets are never logged: queries may carry tokens.</summary>
internal static partial class HttpListenerHostLog
{
    [LoggerMessage(EventId = 3001, EventName = "HttpListenerStarted", Level = LogLevel.Information, Message = "Listening for WebSocket connections on {Urls}.")]
    public static partial void Started(ILogger logger, string urls);

    [LoggerMessage(EventId = 3002, EventName = "HttpListenerStopping", Level = LogLevel.Information, Message = "Stopping: closing every connection, then the listener.")]
    public static partial void Stopping(ILogger logger);

    [LoggerMessage(EventId = 3003, EventName = "HttpListenerStopped", Level = LogLevel.Information, Message = "Stopped listening.")]
    public static partial void Stopped(ILogger logger);

    [LoggerMessage(EventId = 3004, EventName = "HttpListenerAcceptFailed", Level = LogLevel.Warning, Message = "Accepting a request failed.")]
    public static partial void AcceptFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 3005, EventName = "HttpListenerRequestFailed", Level = LogLevel.Debug, Message = "A request ended abruptly.")]
    public static partial void RequestFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 3006, EventName = "HttpListenerUpgradeFailed", Level = LogLevel.Debug, Message = "The WebSocket upgrade failed.")]
    public static partial void UpgradeFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 3007, EventName = "HttpListenerUnauthenticated", Level = LogLevel.Debug, Message = "Upgrade refused with 401: the host's authentication returned no user.")]
    public static partial void Unauthenticated(ILogger logger);

    [LoggerMessage(EventId = 3008, EventName = "HttpListenerRequestError", Level = LogLevel.Error, Message = "An upgrade request failed before the upgrade; it is answered with 500.")]
    public static partial void RequestError(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 3009, EventName = "HttpListenerAnsweredByListener", Level = LogLevel.Debug, Message = "HttpListener already answered a request with {StatusCode}; it is not handled.")]
    public static partial void AnsweredByListener(ILogger logger, int statusCode);

    [LoggerMessage(EventId = 3010, EventName = "HttpListenerRequestsAbandoned", Level = LogLevel.Warning, Message = "Stopping: {Count} request(s) had not ended within the bound; the listener closes their connections.")]
    public static partial void RequestsAbandoned(ILogger logger, int count);
}
