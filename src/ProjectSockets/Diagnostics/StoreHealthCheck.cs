using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace ProjectSockets;

/// <summary>
/// The event store's state: a store that can tell (the Redis store: its connection and its feeds) implements
/// <see cref="IHealthCheck"/> and answers; the in-memory store, which cannot fail apart from the process, is healthy.
/// </summary>
internal sealed class StoreHealthCheck(IProjectEventStore store) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
        => store is IHealthCheck check
            ? check.CheckHealthAsync(context, cancellationToken)
            : Task.FromResult(HealthCheckResult.Healthy($"The event store ({store.GetType().Name}) keeps events in this process."));
}
