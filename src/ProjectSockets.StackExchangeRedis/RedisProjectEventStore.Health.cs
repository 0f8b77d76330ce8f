using Microsoft.Extensions.Diagnostics.HealthChecks;
using StackExchange.Redis;

namespace ProjectSockets.StackExchangeRedis;

/// <summary>The store's health: Redis answers, and every project followed here listens to its channel.</summary>
internal sealed partial class RedisProjectEventStore : IHealthCheck
{
    /// <summary>
    /// Unhealthy (the registration's failure status) when Redis cannot be reached: publishing and subscribing fail.
    /// Degraded when Redis answers but some followed projects are not listening to their channel: their events
    /// still arrive, late, from history at the next check. Healthy otherwise, with the round trip and the feed count.
    /// </summary>
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        var failure = context.Registration.FailureStatus;
        if (IsDisposed)
        {
            return new HealthCheckResult(failure, "The Redis store has been disposed.");
        }

        var feeds = Feeds;
        var data = new Dictionary<string, object> { ["feeds"] = feeds.Length };
        try
        {
            var multiplexer = await GetConnectionAsync().WaitAsync(cancellationToken).ConfigureAwait(false);
            if (!multiplexer.IsConnected)
            {
                return new HealthCheckResult(failure, "Redis is unreachable: events can be neither published nor delivered.", data: data);
            }

            var latency = await multiplexer.GetDatabase().PingAsync().WaitAsync(cancellationToken).ConfigureAwait(false);
            data["latency_ms"] = latency.TotalMilliseconds;
            var subscriber = multiplexer.GetSubscriber();
            var deaf = feeds.Count(feed => !subscriber.IsConnected(History.Keys.Channel(feed.Project)));
            data["feeds_not_listening"] = deaf;
            return deaf > 0
                ? HealthCheckResult.Degraded($"{deaf} of {feeds.Length} projects followed here are not listening to their channel; their events arrive late, from history.", data: data)
                : HealthCheckResult.Healthy("Redis answers and every followed project listens to its channel.", data);
        }
        catch (Exception exception) when (exception is RedisException or TimeoutException or ObjectDisposedException)
        {
            return new HealthCheckResult(failure, "Redis did not answer.", exception, data);
        }
    }
}
