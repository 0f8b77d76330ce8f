using ProjectSockets.Tests.Testing;

namespace ProjectSockets.Tests.Heartbeats;

public sealed class WebSocketManagerHeartbeatTests
{
    private static readonly TimeSpan s_interval = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task QuietConnection_GetsPing_AfterOneInterval()
    {
        await using var server = new TestServer();
        var client = await server.ConnectAsync();

        server.Time.Advance(s_interval);

        await client.ReceiveAsync("ping");
    }

    [Fact]
    public async Task QuietConnection_GetsNoPing_BeforeOneInterval()
    {
        await using var server = new TestServer();
        var client = await server.ConnectAsync();

        server.Time.Advance(s_interval - TimeSpan.FromSeconds(1));

        Assert.Empty(await client.BarrierAsync());
    }

    [Fact]
    public async Task QuietConnection_GetsAtMostOnePingPerInterval()
    {
        await using var server = new TestServer();
        var client = await server.ConnectAsync();

        server.Time.Advance(s_interval);
        await client.ReceiveAsync("ping");
        server.Time.Advance(s_interval / 2);

        Assert.Empty(await client.BarrierAsync());
    }

    [Fact]
    public async Task QuietConnection_IsPingedOncePerInterval_UntilTimeout()
    {
        await using var server = new TestServer(o => o.Heartbeat.Timeout = TimeSpan.FromSeconds(100));
        var client = await server.ConnectAsync();

        for (var i = 0; i < 6; i++)
        {
            server.Time.Advance(s_interval / 2);
        }

        var messages = await client.ReceiveUntilAsync(m => m.GetProperty("type").GetString() == "ping");
        messages.AddRange(await client.ReceiveUntilAsync(m => m.GetProperty("type").GetString() == "ping"));
        messages.AddRange(await client.ReceiveUntilAsync(m => m.GetProperty("type").GetString() == "ping"));

        Assert.Equal(3, messages.Count);
        Assert.Empty(await client.BarrierAsync());
    }

    [Fact]
    public async Task ClientActivity_ResetsTheInterval()
    {
        await using var server = new TestServer();
        var client = await server.ConnectAsync();

        server.Time.Advance(TimeSpan.FromSeconds(20));
        await client.SendAsync("""{"type":"pong"}""");
        Assert.Empty(await client.BarrierAsync());
        server.Time.Advance(TimeSpan.FromSeconds(20));

        Assert.Empty(await client.BarrierAsync());
    }

    [Fact]
    public async Task SilentConnection_IsClosedWith4002_AfterTimeout()
    {
        await using var server = new TestServer();
        var client = await server.ConnectAsync("p1");

        server.Time.Advance(TimeSpan.FromSeconds(90));
        var (messages, code) = await client.ReceiveUntilClosedAsync();
        await client.Run.WaitAsync(TestClient.Timeout);

        var disconnected = messages[^1];
        Assert.Equal("disconnected", disconnected.GetProperty("type").GetString());
        Assert.Equal(4002, disconnected.GetProperty("code").GetInt32());
        Assert.True(disconnected.GetProperty("reconnect").GetBoolean());
        Assert.Equal(4002, code);
        Assert.All(messages.SkipLast(1), m => Assert.Equal("ping", m.GetProperty("type").GetString()));
        server.AssertNoConnections("p1");
    }

    [Fact]
    public async Task ConnectionThatAnswersPings_IsNotClosed()
    {
        await using var server = new TestServer();
        var client = await server.ConnectAsync();

        for (var i = 0; i < 5; i++)
        {
            server.Time.Advance(s_interval);
            await client.ReceiveAsync("ping");
            await client.SendAsync("""{"type":"pong"}""");
            Assert.Empty(await client.BarrierAsync());
        }

        Assert.Equal(1, server.Manager.ConnectionCount);
    }

    [Fact]
    public async Task Welcome_AnnouncesHeartbeatAndMessageLimit()
    {
        await using var server = new TestServer(o =>
        {
            o.Heartbeat.Interval = TimeSpan.FromSeconds(15);
            o.Heartbeat.Timeout = TimeSpan.FromSeconds(45);
            o.MaxMessageBytes = 4096;
        });

        var client = await server.ConnectAsync();

        Assert.Equal(15000, client.Welcome.GetProperty("heartbeat").GetProperty("intervalMs").GetInt64());
        Assert.Equal(45000, client.Welcome.GetProperty("heartbeat").GetProperty("timeoutMs").GetInt64());
        Assert.Equal(4096, client.Welcome.GetProperty("maxMessageBytes").GetInt32());
    }
}
