using Microsoft.AspNetCore.Diagnostics;
using StackExchange.Redis;

namespace AgentDashboard.Api;

/// <summary>
/// Answers 503 with Retry-After when the event store (Redis) cannot be reached or did not answer in time, instead
/// of the 500 of an unexpected failure: the client should try again, and the body says whether anything was stored.
/// </summary>
internal sealed partial class StoreUnavailableExceptionHandler(IProblemDetailsService problems, ILogger<StoreUnavailableExceptionHandler> logger) : IExceptionHandler
{
    /// <summary>What Retry-After says, in seconds: about how long a Redis reconnection takes.</summary>
    public const int RetryAfterSeconds = 5;

    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        var detail = exception switch
        {
            RedisTimeoutException => "The event store did not answer in time: the event may or may not have been published. Try again later; a retry may publish it twice.",
            RedisConnectionException => "The event store is unreachable: nothing was published. Try again later.",
            _ => null,
        };
        if (detail is null)
        {
            return false;
        }

        StoreUnavailable(logger, httpContext.Request.Path, exception.GetType().Name);
        httpContext.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        httpContext.Response.Headers.RetryAfter = RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            Exception = exception,
            ProblemDetails = { Status = StatusCodes.Status503ServiceUnavailable, Title = "Event store unavailable", Detail = detail },
        });
    }

    [LoggerMessage(EventId = 1005, EventName = "StoreUnavailable", Level = LogLevel.Warning,
        Message = "{Path} answered 503: the event store is unavailable ({Exception}).")]
    private static partial void StoreUnavailable(ILogger logger, string path, string exception);
}
