using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace ProjectSockets;

/// <summary>
/// The node's own state: healthy while it accepts connections, degraded at its connection limit, unhealthy once it
/// has begun shutting down, so that a load balancer stops sending it clients before it closes them with 1001.
/// </summary>
internal sealed class NodeHealthCheck(WebSocketManager manager, IOptions<ProjectSocketsOptions> options) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var connections = manager.ConnectionCount;
        var data = new Dictionary<string, object> { ["connections"] = connections };
        if (manager.IsShuttingDown)
        {
            return Task.FromResult(HealthCheckResult.Unhealthy("The node is shutting down and refuses new connections.", data: data));
        }

        if (options.Value.MaxConnections is { } max && connections >= max)
        {
            return Task.FromResult(HealthCheckResult.Degraded($"The node holds its maximum of {max} connections and refuses more.", data: data));
        }

        return Task.FromResult(HealthCheckResult.Healthy("The node accepts connections.", data));
    }
}
