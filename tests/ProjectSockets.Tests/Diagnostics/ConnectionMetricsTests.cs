using ProjectSockets.Tests.Testing;

namespace ProjectSockets.Tests.Diagnostics;

/// <summary>The connection instruments of the <c>ProjectSockets</c> meter, recorded by a real manager.</summary>
public sealed class ConnectionMetricsTests
{
    [Fact]
    public async Task Connection_CountsUpThenDown_AndRecordsItsDurationByCloseClass()
    {
        await using var server = new TestServer();
        using var active = server.Collect<long>("projectsockets.server.active_connections");
        using var duration = server.Collect<double>("projectsockets.server.connection.duration");
        var client = await server.ConnectAsync();
        Assert.Equal(1, Assert.Single(active.GetMeasurementSnapshot()).Value);

        server.Time.Advance(TimeSpan.FromSeconds(42));
        var disconnect = server.Manager.DisconnectAsync(client.Id, 4100, "archived");
        await client.ReceiveUntilClosedAsync();
        Assert.True(await disconnect.WaitAsync(TestClient.Timeout));
        await client.Run.WaitAsync(TestClient.Timeout);

        Assert.Equal([1L, -1L], active.GetMeasurementSnapshot().Select(m => m.Value));
        Assert.Equal("{connection}", active.Instrument!.Unit);
        var recorded = Assert.Single(duration.GetMeasurementSnapshot());
        Assert.Equal(42, recorded.Value);
        Assert.Equal("application", recorded.Tag("projectsockets.close_code.class"));
        Assert.Equal("s", duration.Instrument!.Unit);
        Assert.Single(recorded.Tags);
    }

    [Fact]
    public async Task ClientClose_IsRecordedAsNormal()
    {
        await using var server = new TestServer();
        using var duration = server.Collect<double>("projectsockets.server.connection.duration");
        var client = await server.ConnectAsync();

        await client.CloseAsync();
        await client.Run.WaitAsync(TestClient.Timeout);

        Assert.Equal("normal", Assert.Single(duration.GetMeasurementSnapshot()).Tag("projectsockets.close_code.class"));
    }

    [Fact]
    public async Task ReceivedMessages_AreCountedWithTheirBytes()
    {
        await using var server = new TestServer();
        using var messages = server.Collect<long>("projectsockets.server.messages.received");
        using var bytes = server.Collect<long>("projectsockets.server.bytes.received");
        var client = await server.ConnectAsync();

        await client.SendAsync("""{"type":"ping"}""");
        await client.ReceiveAsync("pong");

        Assert.Equal(1, messages.Sum());
        Assert.Equal("""{"type":"ping"}""".Length, bytes.Sum());
        Assert.Equal("By", bytes.Instrument!.Unit);
    }

    [Fact]
    public async Task HeartbeatTimeout_IsCounted_AndTheDurationIsClassed()
    {
        await using var server = new TestServer();
        using var timeouts = server.Collect<long>("projectsockets.server.heartbeat.timeouts");
        using var duration = server.Collect<double>("projectsockets.server.connection.duration");
        var client = await server.ConnectAsync("p1");

        server.Time.Advance(TimeSpan.FromSeconds(90));
        var (_, code) = await client.ReceiveUntilClosedAsync();
        await client.Run.WaitAsync(TestClient.Timeout);

        Assert.Equal(4002, code);
        Assert.Equal(1, Assert.Single(timeouts.GetMeasurementSnapshot()).Value);
        Assert.Equal("heartbeat_timeout", Assert.Single(duration.GetMeasurementSnapshot()).Tag("projectsockets.close_code.class"));
    }

    [Fact]
    public async Task PolicyClose_IsCountedByItsCode()
    {
        await using var server = new TestServer(o => o.MaxMessageBytes = 256);
        using var closes = server.Collect<long>("projectsockets.server.policy.closes");
        var client = await server.ConnectAsync();

        await client.SendAsync($$"""{"type":"command","command":"x","args":"{{new string('a', 300)}}"}""");
        var (_, code) = await client.ReceiveUntilClosedAsync();
        await client.Run.WaitAsync(TestClient.Timeout);

        Assert.Equal(1009, code);
        var close = Assert.Single(closes.GetMeasurementSnapshot());
        Assert.Equal(1, close.Value);
        Assert.Equal("1009", close.Tag("projectsockets.close_code"));
    }

    [Fact]
    public async Task SlowConsumer_IsCountedOnce()
    {
        await using var server = new TestServer(o => o.SendQueue.MaxMessages = 3);
        using var slow = server.Collect<long>("projectsockets.server.slow_consumer.closes");
        GatedConnection? transport = null;
        var client = await server.ConnectAsync(new ConnectionRequest { RouteProject = "p1" }, c => transport = new GatedConnection(c));
        transport!.Shut();
        await server.Publisher.PublishAsync("p1", "e", 0);
        await transport.SendWaiting.WaitAsync(TestClient.Timeout);

        for (var i = 0; i < 10; i++)
        {
            await server.Publisher.PublishAsync("p1", "e", i);
        }

        transport.Open();
        var (_, code) = await client.ReceiveUntilClosedAsync();
        await client.Run.WaitAsync(TestClient.Timeout);

        Assert.Equal(4001, code);
        Assert.Equal(1, Assert.Single(slow.GetMeasurementSnapshot()).Value);
        Assert.Equal("{connection}", slow.Instrument!.Unit);
    }
}
