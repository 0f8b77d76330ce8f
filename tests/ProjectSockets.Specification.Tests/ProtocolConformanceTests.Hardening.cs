using System.Globalization;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ProjectSockets.Specification.Tests;

/// <summary>Abuse and faults a server on the open internet meets: unfinished and oversized messages, broken peers, secrets.</summary>
public abstract partial class ProtocolConformanceTests
{
    [Fact]
    public async Task UnfinishedFragmentedMessage_DoesNotStopTheHeartbeatClosingWith4002()
    {
        await using var host = await StartAsync(o =>
        {
            o.Heartbeat.Interval = TimeSpan.FromMilliseconds(300);
            o.Heartbeat.Timeout = TimeSpan.FromMilliseconds(900);
            o.CloseTimeout = LongCloseTimeout;
        });
        using var client = await ConnectAsync(host, "/ws/p1");

        // The first fragment of a message whose end never comes: part of a message is no sign of life.
        await SendFragmentAsync(client, Encoding.UTF8.GetBytes("""{"type":"ping" """));
        var closed = await client.ReceiveUntilClosedAsync();

        AssertDisconnected(closed, 4002, reconnect: true);
        Assert.DoesNotContain(closed.Messages, m => m.GetProperty("type").GetString() == "pong");
        await AssertServerFinishedAsync(host, client);
        Assert.Equal(0, ManagerOf(host).GetSubscriberCount("p1"));
    }

    [Fact]
    public async Task FloodOfTinyFragments_AddingUpBeyondTheLimit_ClosesWith1009()
    {
        await using var host = await StartAsync(o =>
        {
            o.MaxMessageBytes = 1024;
            o.CloseTimeout = LongCloseTimeout;
        });
        using var client = await ConnectAsync(host);

        await SendFragmentsAsync(client, fragmentBytes: 1, totalBytes: 4096);

        AssertDisconnected(await client.ReceiveUntilClosedAsync(), 1009, reconnect: false);
        await AssertServerFinishedAsync(host, client);
    }

    [Fact]
    public async Task TenMebibyteMessage_ClosesWith1009_AndTheServerFinishes()
    {
        await using var host = await StartAsync(o => o.CloseTimeout = LongCloseTimeout);
        using var client = await ConnectAsync(host, "/ws/p1");

        // Sent while reading, as an attacker would: the client stops once the server has closed.
        var closing = client.ReceiveUntilClosedAsync();
        await SendFragmentsAsync(client, fragmentBytes: 64 * 1024, totalBytes: 10 * 1024 * 1024, stop: closing);

        Assert.Equal(64 * 1024, client.Welcome.GetProperty("maxMessageBytes").GetInt32());
        AssertDisconnected(await closing.WaitAsync(ProtocolTestClient.Timeout), 1009, reconnect: false);
        await AssertServerFinishedAsync(host, client);
        Assert.Equal(0, ManagerOf(host).GetSubscriberCount("p1"));
    }

    [Fact]
    public async Task HandlerThatHangs_BlocksNeitherItsConnectionNorAnother()
    {
        await using var host = await StartAsync();
        using var hung = await ConnectAsync(host);
        using var other = await ConnectAsync(host);

        await hung.SendCommandAsync(ConformanceCommands.Hang, "h");
        var own = await hung.InvokeAsync(ConformanceCommands.Echo, "1", args: """{"text":"same connection"}""");
        var others = await other.InvokeAsync(ConformanceCommands.Echo, "2", args: """{"text":"other connection"}""");

        Assert.True(own.GetProperty("ok").GetBoolean());
        Assert.True(others.GetProperty("ok").GetBoolean());
    }

    [Fact]
    public async Task HandlerThatThrows_LeavesItsConnectionWorking()
    {
        await using var host = await StartAsync();
        using var client = await ConnectAsync(host, "/ws/p1");

        for (var i = 0; i < 5; i++)
        {
            AssertFailure(await client.InvokeAsync(ConformanceCommands.Crash, "c" + i.ToString(CultureInfo.InvariantCulture)), "c" + i.ToString(CultureInfo.InvariantCulture), "handler_error");
        }

        Assert.True((await client.InvokeAsync(ConformanceCommands.Echo, "1")).GetProperty("ok").GetBoolean());
        await PublisherOf(host).PublishAsync("p1", "task_started", null);
        Assert.Equal(1, (await client.ReceiveAsync("event")).GetProperty("seq").GetInt64());
    }

    [Fact]
    public async Task AbruptlyVanishingClient_LeavesEveryIndexClean_AndOthersKeepReceiving()
    {
        await using var host = await StartAsync(o => o.CloseTimeout = LongCloseTimeout);
        using var leaving = await ConnectAsync(host, "/ws/p1");
        using var staying = await ConnectAsync(host, "/ws/p1");
        var manager = ManagerOf(host);

        leaving.Socket.Abort();
        await manager.DisconnectAsync(leaving.ConnectionId).WaitAsync(ProtocolTestClient.Timeout);
        await PublisherOf(host).PublishAsync("p1", "task_started", null);

        Assert.Equal(1, (await staying.ReceiveAsync("event")).GetProperty("seq").GetInt64());
        Assert.Equal(1, manager.ConnectionCount);
        Assert.Equal([staying.ConnectionId], manager.GetConnections("p1"));
        Assert.Equal(1, manager.GetSubscriberCount("p1"));
    }

    [Fact]
    public async Task SlowConsumer_ResumingWithSinceAndEpoch_RecoversEveryEventItMissed()
    {
        await using var host = await StartAsync(o =>
        {
            o.SendQueue.MaxBytes = 64 * 1024;
            o.History.MaxEvents = 50_000;
            o.History.MaxBytes = 512L * 1024 * 1024;
        });
        using var slow = await ConnectAsync(host, "/ws/p1");
        var epoch = slow.Welcome.GetProperty("subscriptions")[0].GetProperty("epoch").GetString()!;
        // LocalSubscribers counts the publishing node's subscribers only: publish where the client is connected.
        var publisher = ClientNodePublisherOf(host);
        var data = new { line = new string('x', 4 * 1024) };
        var published = 0L;
        while (published < 50_000 && (await publisher.PublishAsync("p1", "agent_output", data)).LocalSubscribers == 1)
        {
            published++;
        }

        // The event that found no subscriber was published too.
        published++;
        var closed = await slow.ReceiveUntilClosedAsync();
        AssertDisconnected(closed, 4001, reconnect: true);
        var since = closed.Messages.Where(m => m.GetProperty("type").GetString() == "event").Select(m => m.GetProperty("seq").GetInt64()).DefaultIfEmpty(0).Max();

        using var resumed = await ConnectAsync(host, $"/ws/p1?since={since}&epoch={Uri.EscapeDataString(epoch)}");
        var position = resumed.Welcome.GetProperty("subscriptions")[0];
        var replayed = new List<long>();
        for (var seq = since + 1; seq <= published; seq++)
        {
            replayed.Add((await resumed.ReceiveAsync("event")).GetProperty("seq").GetInt64());
        }

        Assert.True(position.GetProperty("recovered").GetBoolean());
        Assert.Equal(published, position.GetProperty("seq").GetInt64());
        Assert.Equal(Enumerable.Range((int)since + 1, (int)(published - since)).Select(i => (long)i), replayed);
    }

    [Fact]
    public async Task FailuresOfTheHostsCode_NeverPutExceptionTextOnTheWire()
    {
        await using var host = await StartAsync(services: static s => s.AddSingleton<IProjectAuthorizer, ThrowingAuthorizer>());
        using var client = await ConnectAsync(host);

        var answers = new List<JsonElement>
        {
            await client.InvokeAsync("subscribe", "s", "boom1"),
            await client.InvokeAsync(ConformanceCommands.Echo, "a", "boom2"),
            await client.InvokeAsync(ConformanceCommands.Crash, "c", "p1"),
        };
        var alive = await client.InvokeAsync(ConformanceCommands.Echo, "e", "p1");

        Assert.All(answers, a => Assert.Equal("handler_error", a.GetProperty("error").GetProperty("code").GetString()));
        Assert.All(answers, a => AssertCarriesNoExceptionDetail(a.GetRawText()));
        Assert.True(alive.GetProperty("ok").GetBoolean());
    }

    [Fact]
    public async Task Logs_AtTraceLevel_NeverContainTheQueryToken_EvenForRefusedHandshakes()
    {
        const string Token = "tok-SECRET-31415";
        var logs = new CapturingLoggerProvider();
        await using var host = await StartAsync(
            o => o.PolicyClose.MaxProtocolErrors = 2,
            s => s.AddSingleton<IProjectAuthorizer, ConformanceAuthorizer>()
                .AddLogging(b => b.AddProvider(logs).SetMinimumLevel(LogLevel.Trace)));
        var query = "access_token=" + Token;

        using (var client = await ConnectAsync(host, "/ws/p1?" + query, o => o.SetRequestHeader("Authorization", "Bearer " + Token)))
        {
            await client.InvokeAsync(ConformanceCommands.Crash, "1");
            await client.InvokeAsync("subscribe", "2", "secret1");
            await client.SendAsync("not json");
            await client.SendAsync("not json");
            AssertDisconnected(await client.ReceiveUntilClosedAsync(), 1008, reconnect: false);
        }

        Assert.Equal(403, await RefusalStatusAsync(host, "/ws/secret1?" + query));
        Assert.Equal(403, await RefusalStatusAsync(host, "/ws/p1?" + query, o => o.SetRequestHeader("Origin", "https://evil.example")));
        Assert.Equal(400, await RefusalStatusAsync(host, "/ws/p1?since=x&" + query));
        Assert.Equal(400, await RefusalStatusAsync(host, "/ws/p%20" + Token + "?" + query));
        Assert.Equal(400, await RefusalStatusAsync(host, "/ws/p1?" + query, o => o.AddSubProtocol("other")));
        await host.StopAsync();

        // The host's own request log (ASP.NET Core's Microsoft.AspNetCore.Hosting.Diagnostics) is the host's to configure.
        var ours = logs.Texts.Where(e => !e.StartsWith("Microsoft.AspNetCore.Hosting.Diagnostics", StringComparison.Ordinal)).ToList();
        Assert.Contains(ours, e => e.StartsWith("ProjectSockets", StringComparison.Ordinal));
        Assert.DoesNotContain(ours, e => e.Contains("SECRET", StringComparison.Ordinal));
    }

    private static void AssertCarriesNoExceptionDetail(string wire)
    {
        Assert.DoesNotContain(ConformanceCommands.SecretExceptionText, wire, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", wire, StringComparison.Ordinal);
        Assert.DoesNotContain(" at ", wire, StringComparison.Ordinal);
        Assert.DoesNotContain("ProjectSockets.", wire, StringComparison.Ordinal);
    }

    private static async Task SendFragmentAsync(ProtocolTestClient client, byte[] fragment)
    {
        using var timeout = new CancellationTokenSource(ProtocolTestClient.Timeout);
        await client.Socket.SendAsync(fragment, WebSocketMessageType.Text, endOfMessage: false, timeout.Token);
    }

    /// <summary>Sends fragments of one message that never ends, until <paramref name="totalBytes"/>, the transport fails, or <paramref name="stop"/> completes.</summary>
    private static async Task SendFragmentsAsync(ProtocolTestClient client, int fragmentBytes, int totalBytes, Task? stop = null)
    {
        var fragment = Encoding.ASCII.GetBytes(new string('a', fragmentBytes));
        try
        {
            for (var sent = 0; sent < totalBytes && stop?.IsCompleted != true; sent += fragmentBytes)
            {
                await SendFragmentAsync(client, fragment);
            }
        }
        catch (Exception exception) when (exception is WebSocketException or IOException or ObjectDisposedException or InvalidOperationException)
        {
            // The server closed meanwhile: what matters is how it closed.
        }
    }
}
