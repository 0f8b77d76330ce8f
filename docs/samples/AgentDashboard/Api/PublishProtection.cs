using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace AgentDashboard.Api;

/// <summary>The rate limit of the publish endpoint: a fixed window per client address, answered with 429 and Retry-After.</summary>
internal static class PublishProtection
{
    public static IServiceCollection AddPublishProtection(this IServiceCollection services)
        => services.AddRateLimiter(limiter =>
        {
            limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            limiter.AddPolicy(EventsApi.RateLimitPolicy, context =>
            {
                var settings = context.RequestServices.GetRequiredService<IOptions<SampleOptions>>().Value;

                // Behind a reverse proxy, use the forwarded address (UseForwardedHeaders), or every client shares one window.
                var address = context.Connection.RemoteIpAddress?.ToString() ?? "unknown";
                return RateLimitPartition.GetFixedWindowLimiter(address, _ => new FixedWindowRateLimiterOptions
                {
                    PermitLimit = settings.PublishPermitLimit,
                    Window = TimeSpan.FromSeconds(settings.PublishWindowSeconds),
                    QueueLimit = 0,
                });
            });
            limiter.OnRejected = static async (rejected, cancellationToken) =>
            {
                var context = rejected.HttpContext;
                if (rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter))
                {
                    context.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
                }

                await TypedResults.Problem(statusCode: StatusCodes.Status429TooManyRequests, title: "Too many requests",
                    detail: "This client publishes faster than the server allows; try again after Retry-After seconds.").ExecuteAsync(context);
            };
        });
}
