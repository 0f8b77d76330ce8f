using System.Net.WebSockets;
using System.Text;

namespace ProjectSockets.Specification.Tests;

/// <summary>How connections end: heartbeats, policy closes, closes by either side, and graceful shutdown.</summary>
public abstract partial class ProtocolConformanceTests
{
    /// <summary>Longer than any wait of a test: a server that relies on its close timeout makes the test fail.</summary>
    private static readonly TimeSpan LongCloseTimeout = TimeSpan.FromMinutes(2);

    [Fact]
    public async Task Heartbeat_QuietClient_IsPingedThenClosedWith4002()
    {
        await using var host = await StartAsync(o =>
        {
            // Real time: the ping comes at the first tick after 300 ms, the close after 2.4 s, so a machine that
            // stalls the timer for a while still sees the ping first.
            o.Heartbeat.Interval = TimeSpan.FromMilliseconds(300);
            o.Heartbeat.Timeout = TimeSpan.FromMilliseconds(2400);
            o.CloseTimeout = LongCloseTimeout;
        });
        using var client = await ConnectAsync(host);

        var closed = await client.ReceiveUntilClosedAsync();

        Assert.Equal(300, client.Welcome.GetProperty("heartbeat").GetProperty("intervalMs").GetInt64());
        Assert.Equal(2400, client.Welcome.GetProperty("heartbeat").GetProperty("timeoutMs").GetInt64());
        Assert.Equal("ping", closed.Messages[0].GetProperty("type").GetString());
        AssertDisconnected(closed, 4002, reconnect: true);
        await AssertServerFinishedAsync(host, client);
    }

    [Fact]
    public async Task Heartbeat_ClientThatAnswersPings_StaysConnectedPastTheTimeout()
    {
        await using var host = await StartAsync(o =>
        {
            o.Heartbeat.Interval = TimeSpan.FromMilliseconds(200);
            o.Heartbeat.Timeout = TimeSpan.FromMilliseconds(1000);
        });
        using var client = await ConnectAsync(host);

        // Six pings span more than the timeout: only the answers keep the connection open.
        for (var i = 0; i < 6; i++)
        {
            await client.ReceiveAsync("ping");
            await client.SendAsync("""{"type":"pong"}""");
        }

        await client.SendAsync("""{"type":"ping"}""");
        await client.ReceiveUntilAsync("pong");
        Assert.False(client.IsClosed);
    }

    [Fact]
    public async Task BinaryMessage_ClosesWith1003()
    {
        await using var host = await StartAsync(o => o.CloseTimeout = LongCloseTimeout);
        using var client = await ConnectAsync(host);

        await client.SendAsync(new byte[100_000], WebSocketMessageType.Binary);

        AssertDisconnected(await client.ReceiveUntilClosedAsync(), 1003, reconnect: false);
        await AssertServerFinishedAsync(host, client);
    }

    [Fact]
    public async Task InvalidUtf8TextMessage_ClosesWith1007()
    {
        await using var host = await StartAsync(o => o.CloseTimeout = LongCloseTimeout);
        using var client = await ConnectAsync(host);

        await client.SendAsync([(byte)'{', 0xC3, 0x28, 0xFF, (byte)'}'], WebSocketMessageType.Text);
        var closed = await client.ReceiveUntilClosedAsync();

        // The WebSocket implementation under the host may reject the payload itself: then no 'disconnected' precedes it.
        Assert.Equal(WebSocketCloseStatus.InvalidPayloadData, closed.CloseStatus);
        if (closed.Disconnected is { } disconnected)
        {
            Assert.Equal(1007, disconnected.GetProperty("code").GetInt32());
        }

        await AssertServerFinishedAsync(host, client);
    }

    [Fact]
    public async Task MessageLargerThanTheLimit_ClosesWith1009()
    {
        await using var host = await StartAsync(o =>
        {
            o.MaxMessageBytes = 1024;
            o.CloseTimeout = LongCloseTimeout;
        });
        using var client = await ConnectAsync(host);
        var large = ProtocolTestClient.Command(ConformanceCommands.Echo, "1", args: "{\"text\":\"" + new string('a', 4000) + "\"}");

        await client.SendAsync(Encoding.UTF8.GetBytes(large), WebSocketMessageType.Text);

        Assert.Equal(1024, client.Welcome.GetProperty("maxMessageBytes").GetInt32());
        AssertDisconnected(await client.ReceiveUntilClosedAsync(), 1009, reconnect: false);
        await AssertServerFinishedAsync(host, client);
    }

    [Fact]
    public async Task MessageAtTheLimit_IsHandled()
    {
        await using var host = await StartAsync(o => o.MaxMessageBytes = 1024);
        using var client = await ConnectAsync(host);
        var prefix = ProtocolTestClient.Command(ConformanceCommands.Echo, "1", args: "{\"text\":\"");
        var message = prefix + new string('a', 1024 - prefix.Length - 3) + "\"}}";

        Assert.Equal(1024, Encoding.UTF8.GetByteCount(message));
        await client.SendAsync(message);

        Assert.True((await client.ReceiveAsync("result")).GetProperty("ok").GetBoolean());
    }

    [Fact]
    public async Task RepeatedProtocolErrors_CloseWith1008()
    {
        await using var host = await StartAsync(o =>
        {
            o.PolicyClose.MaxProtocolErrors = 3;
            o.CloseTimeout = LongCloseTimeout;
        });
        using var client = await ConnectAsync(host);

        for (var i = 0; i < 3; i++)
        {
            await client.SendAsync("not json");
        }

        AssertDisconnected(await client.ReceiveUntilClosedAsync(), 1008, reconnect: false);
        await AssertServerFinishedAsync(host, client);
    }

    [Fact]
    public async Task SustainedFloodingAfterRateLimited_ClosesWith1008()
    {
        await using var host = await StartAsync(o =>
        {
            o.CommandRate.BurstLimit = 1;
            o.CommandRate.TokensPerSecond = 0.001;
            o.PolicyClose.MaxRateLimitedAnswers = 3;
        });
        using var client = await ConnectAsync(host);

        for (var i = 0; i < 4; i++)
        {
            await client.SendCommandAsync(ConformanceCommands.Echo, i.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        AssertDisconnected(await client.ReceiveUntilClosedAsync(), 1008, reconnect: false);
    }

    [Fact]
    public async Task DisconnectByTheHost_ClosesWith1000AndNoReconnect()
    {
        await using var host = await StartAsync();
        using var client = await ConnectAsync(host);

        var disconnect = ManagerOf(host).DisconnectAsync(client.ConnectionId);
        var closed = await client.ReceiveUntilClosedAsync();

        Assert.True(await disconnect.WaitAsync(ProtocolTestClient.Timeout));
        AssertDisconnected(closed, 1000, reconnect: false);
    }

    [Fact]
    public async Task CloseByTheClient_IsEchoed()
    {
        await using var host = await StartAsync(o => o.CloseTimeout = LongCloseTimeout);
        using var client = await ConnectAsync(host, "/ws/p1");

        var status = await client.CloseAsync();

        Assert.Equal(WebSocketCloseStatus.NormalClosure, status);
        await AssertServerFinishedAsync(host, client);
    }

    [Fact]
    public async Task Stop_SendsEveryClientDisconnectedAnd1001()
    {
        var host = await StartAsync();
        await using (host)
        {
            using var first = await ConnectAsync(host, "/ws/p1");
            using var second = await ConnectAsync(host);

            var stop = host.StopAsync();
            var closed = await Task.WhenAll(first.ReceiveUntilClosedAsync(), second.ReceiveUntilClosedAsync());
            await stop.WaitAsync(ProtocolTestClient.Timeout);

            AssertDisconnected(closed[0], 1001, reconnect: true);
            AssertDisconnected(closed[1], 1001, reconnect: true);
            Assert.Equal(0, ManagerOf(host).ConnectionCount);
        }
    }
}
