using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using ProjectSockets.Tests.Testing;

namespace ProjectSockets.Tests.Diagnostics;

/// <summary>The node's and the in-memory store's health checks, run through the health-check service as a host maps it.</summary>
public sealed class HealthChecksTests
{
    [Fact]
    public async Task Node_IsHealthyWhileAccepting_AndUnhealthyOnceShuttingDown()
    {
        await using var server = new TestServer(build: b => b.AddHealthChecks("ready"), services: s => s.AddLogging());
        await server.ConnectAsync();
        var health = server.Services.GetRequiredService<HealthCheckService>();

        var accepting = await health.CheckHealthAsync();
        var shutdown = server.Manager.ShutdownAsync();
        var shuttingDown = await health.CheckHealthAsync();

        Assert.Equal(HealthStatus.Healthy, accepting.Status);
        var node = accepting.Entries["projectsockets"];
        Assert.Equal(1, node.Data["connections"]);
        Assert.Contains("ready", node.Tags);
        Assert.Contains("projectsockets", node.Tags);
        Assert.Equal(HealthStatus.Unhealthy, shuttingDown.Entries["projectsockets"].Status);
        Assert.Equal(HealthStatus.Healthy, shuttingDown.Entries["projectsockets.store"].Status);
        Assert.False(shutdown.IsFaulted);
    }

    [Fact]
    public async Task Node_AtItsConnectionLimit_IsDegraded()
    {
        await using var server = new TestServer(o => o.MaxConnections = 1, b => b.AddHealthChecks(), s => s.AddLogging());
        await server.ConnectAsync();

        var report = await server.Services.GetRequiredService<HealthCheckService>().CheckHealthAsync();

        Assert.Equal(HealthStatus.Degraded, report.Entries["projectsockets"].Status);
    }

    [Fact]
    public async Task AddHealthChecks_Twice_RegistersEachCheckOnce()
    {
        await using var server = new TestServer(build: b => b.AddHealthChecks().AddHealthChecks(), services: s => s.AddLogging());

        var report = await server.Services.GetRequiredService<HealthCheckService>().CheckHealthAsync();

        Assert.Equal(["projectsockets", "projectsockets.store"], report.Entries.Keys.Order());
    }
}
