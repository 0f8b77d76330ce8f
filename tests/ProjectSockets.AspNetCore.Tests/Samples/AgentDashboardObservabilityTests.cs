using System.Net;

namespace ProjectSockets.AspNetCore.Tests.Samples;

/// <summary>The sample's operator endpoints on its own port: Prometheus text at /metrics, health checks at /health.</summary>
public sealed class AgentDashboardObservabilityTests
{
    [Fact]
    public async Task Metrics_ServesTheProjectSocketsInstrumentsAsPrometheusText()
    {
        await using var host = await AgentDashboardHost.StartAsync();
        await using var client = await TestWebSocketClient.ConnectAsync(new Uri(host.WebSocketBase, "ws/demo"));

        using var response = await host.Http.GetAsync("/metrics");
        var text = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.StartsWith("text/plain", response.Content.Headers.ContentType!.MediaType, StringComparison.Ordinal);
        Assert.Contains("# TYPE projectsockets_server_active_connections gauge", text, StringComparison.Ordinal);
        // The exporter listens to every meter named ProjectSockets in this process, and other tests' hosts run beside
        // this one: an up-down counter sums their closes too (their opens came before this exporter listened), so the
        // gauge is checked for its form only; counters only grow, so this host's welcome makes the total at least 1.
        Assert.Matches(@"(?m)^projectsockets_server_active_connections\{[^}]*\} -?[0-9]+( |$)", text);
        Assert.Matches(@"(?m)^projectsockets_server_messages_sent_total\{[^}]*\} [1-9][0-9]*( |$)", text);
        Assert.Contains("# TYPE projectsockets_server_active_subscriptions gauge", text, StringComparison.Ordinal);
        Assert.Contains("projectsockets_server_messages_sent", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Health_AnswersHealthy_WhileTheNodeAcceptsConnections()
    {
        await using var host = await AgentDashboardHost.StartAsync();

        using var response = await host.Http.GetAsync("/health");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Health_WithRedisUnreachable_Answers503()
    {
        // Nothing listens on port 1: the store's check fails, and the endpoint says so.
        await using var host = await AgentDashboardHost.StartAsync("--redis", "127.0.0.1:1,connectTimeout=500");

        using var response = await host.Http.GetAsync("/health");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("Unhealthy", await response.Content.ReadAsStringAsync());
    }
}
