using Microsoft.Extensions.Logging;

namespace ProjectSockets.AspNetCore;

/// <summary>Every log message of the ASP.NET Core adapter. Query strings, headers and tokens are never logged.</summary>
internal static partial class ProjectSocketsAspNetCoreLog
{
    [LoggerMessage(EventId = 2001, EventName = "NotAWebSocketRequest", Level = LogLevel.Debug,
        Message = "A {Method} request that is not a WebSocket upgrade was refused with 400.")]
    public static partial void NotAWebSocketRequest(ILogger logger, string method);

    [LoggerMessage(EventId = 2002, EventName = "ShutdownFailed", Level = LogLevel.Error,
        Message = "Closing ProjectSockets connections at application stop failed.")]
    public static partial void ShutdownFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 2102, EventName = "HistoryReadFailed", Level = LogLevel.Error,
        Message = "Reading the history of project {Project} over HTTP failed in the authorizer or the event store; answered 503.")]
    public static partial void HistoryReadFailed(ILogger logger, string project, Exception exception);
}
