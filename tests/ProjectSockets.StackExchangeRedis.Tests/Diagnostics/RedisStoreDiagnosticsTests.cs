using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using ProjectSockets.StackExchangeRedis.Tests.Testing;
using StackExchange.Redis;
using Xunit.Abstractions;

namespace ProjectSockets.StackExchangeRedis.Tests.Diagnostics;

/// <summary>
/// The Redis store's meter and health check against a redis-server of its own, stopped and started: reconnects,
/// operations, gaps, and the check's answer before, during and after the outage.
/// </summary>
public sealed class RedisStoreDiagnosticsTests(ITestOutputHelper output) : RedisServerPerTest(persistent: false, output)
{
    [Fact]
    public async Task RedisStoppedAndStarted_HealthGoesUnhealthyThenHealthy_AndFailuresAndReconnectsAreCounted()
    {
        var node = Nodes.Add("a");
        var meter = node.Store.Statistics.Metrics.Meter;
        using var failures = new MetricCollector<long>(meter, "projectsockets.redis.connection_failures");
        using var reconnects = new MetricCollector<long>(meter, "projectsockets.redis.reconnects");
        using var operations = new MetricCollector<double>(meter, "projectsockets.redis.operation.duration");
        await node.ConnectAsync("p1");
        await node.PublishAsync("p1", 1);
        var healthy = await CheckAsync(node);

        await Server.KillAsync();
        await node.WaitDisconnectedAsync();
        var down = await CheckAsync(node);
        await Assert.ThrowsAsync<RedisConnectionException>(async () => await node.PublishAsync("p1", 2));

        await Server.RestartAsync();
        await node.WaitConnectedAsync();
        await reconnects.WaitForMeasurementsAsync(2, TestClient.Timeout);
        await node.PublishWhenConnectedAsync("p1", 3);
        var back = await CheckAsync(node);

        Assert.Equal(HealthStatus.Healthy, healthy.Status);
        Assert.Equal(1, healthy.Data["feeds"]);
        Assert.Equal(0, healthy.Data["feeds_not_listening"]);
        Assert.Equal(HealthStatus.Unhealthy, down.Status);
        Assert.Equal(HealthStatus.Healthy, back.Status);
        Assert.Contains(failures.GetMeasurementSnapshot(), m => (string?)m.Tags["projectsockets.redis.connection.type"] == "interactive");
        Assert.Equal(
            ["interactive", "subscription"],
            reconnects.GetMeasurementSnapshot().Select(m => (string)m.Tags["projectsockets.redis.connection.type"]!).Distinct().Order());
        Assert.Equal("{reconnect}", reconnects.Instrument!.Unit);
        var appends = operations.GetMeasurementSnapshot().Where(m => (string?)m.Tags["projectsockets.redis.operation"] == "append").ToList();
        Assert.Contains(appends, m => (string?)m.Tags["projectsockets.redis.outcome"] == "success");
        Assert.Contains(operations.GetMeasurementSnapshot(), m => (string?)m.Tags["projectsockets.redis.operation"] == "read");
        Assert.Equal("s", operations.Instrument!.Unit);
    }

    [Fact]
    public async Task MissedChannelMessages_CountAGapDetectedAndFilled_WithTheEventsFromHistory()
    {
        var (a, b) = (Nodes.Add("a"), Nodes.Add("b"));
        var meter = a.Store.Statistics.Metrics.Meter;
        using var gaps = new MetricCollector<long>(meter, "projectsockets.redis.gaps.detected");
        using var fills = new MetricCollector<long>(meter, "projectsockets.redis.gap_fills");
        using var fromHistory = new MetricCollector<long>(meter, "projectsockets.redis.events_from_history");
        var client = await a.ConnectAsync("p1");
        await b.PublishAsync("p1", 1);
        Assert.Equal([1L], await client.ReceiveSeqsAsync(1));

        await NodeSet.AppendWithoutNotificationAsync(b, "p1", 2);
        await NodeSet.AppendWithoutNotificationAsync(b, "p1", 3);
        await b.PublishAsync("p1", 4);
        Assert.Equal([2L, 3L, 4L], await client.ReceiveSeqsAsync(3));
        await fills.WaitForMeasurementsAsync(1, TestClient.Timeout);

        Assert.Equal(1, Assert.Single(gaps.GetMeasurementSnapshot()).Value);
        var fill = Assert.Single(fills.GetMeasurementSnapshot());
        Assert.Equal("gap", fill.Tags["projectsockets.redis.fill.reason"]);
        Assert.Equal(3, fromHistory.GetMeasurementSnapshot().Sum(m => m.Value));
        Assert.Equal("{gap}", gaps.Instrument!.Unit);
    }

    private static Task<HealthCheckResult> CheckAsync(TestNode node)
        => node.Store.CheckHealthAsync(new HealthCheckContext
        {
            Registration = new HealthCheckRegistration("projectsockets.store", node.Store, HealthStatus.Unhealthy, tags: null),
        });
}
