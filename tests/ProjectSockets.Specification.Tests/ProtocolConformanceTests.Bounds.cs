using System.Globalization;
using System.Text;
using System.Text.Json;

namespace ProjectSockets.Specification.Tests;

/// <summary>
/// The bounds a host ships with: a client cut as a slow consumer can resume, an oversized event is refused at publish
/// time, and a client's ping flood cannot fill its own send queue.
/// </summary>
public abstract partial class ProtocolConformanceTests
{
    [Fact]
    public async Task SlowConsumer_WithDefaultQueueAndHistory_ResumesAfter4001WithEveryEventExactlyOnce()
    {
        // Every bound at its default. Only the close timeout is long: the paused client drains its old connection
        // after the cut, and a busy machine must not abort it first (that would be a different failure).
        await using var host = await StartAsync(o => o.CloseTimeout = LongCloseTimeout);
        using var slow = await ConnectAsync(host, "/ws/p1");
        var epoch = slow.Welcome.GetProperty("subscriptions")[0].GetProperty("epoch").GetString()!;

        // LocalSubscribers counts the publishing node's subscribers only: publish where the client is connected.
        var publisher = ClientNodePublisherOf(host);
        var data = new { line = new string('x', 1024) };
        using var pacer = await ConnectAsync(host);

        // The client does not read. Events go out in small rounds, each followed by a round trip on another
        // connection, so the server's writer sends what it can between rounds, as it does for a publisher that is
        // not a tight loop: once the socket buffers are full, the writer waits on its socket and the queue fills
        // behind it, until the event that finds it full closes the client with 4001 (that event was published too).
        var published = 0L;
        var cut = false;
        while (!cut && published < 200_000)
        {
            for (var i = 0; i < 10 && !cut; i++)
            {
                cut = (await publisher.PublishAsync("p1", "agent_output", data)).LocalSubscribers == 0;
                published++;
            }

            // A ping, not a command: a command would run into the command rate.
            await pacer.SendAsync("""{"type":"ping"}""");
            await pacer.ReceiveAsync("pong");
        }

        Assert.True(cut, "The send queue never overflowed.");

        // Published while the client drains its old connection and reconnects: at 200 events per second, about
        // the .NET client's first reconnect delay.
        for (var i = 0; i < 200; i++)
        {
            await publisher.PublishAsync("p1", "agent_output", data);
            published++;
        }

        var closed = await slow.ReceiveUntilClosedAsync();
        AssertDisconnected(closed, 4001, reconnect: true);
        var received = EventSeqs(closed.Messages);
        Assert.Equal(Enumerable.Range(1, received.Count).Select(i => (long)i), received);
        var since = received.Count;

        using var resumed = await ConnectAsync(host, string.Create(CultureInfo.InvariantCulture, $"/ws/p1?since={since}&epoch={Uri.EscapeDataString(epoch)}"));
        var position = resumed.Welcome.GetProperty("subscriptions")[0];
        Assert.True(
            position.GetProperty("recovered").GetBoolean(),
            $"The resume after the cut was not recovered: the client missed {published - since} events, more than the default history holds.");
        Assert.Equal(published, position.GetProperty("seq").GetInt64());
        for (var seq = since + 1; seq <= published; seq++)
        {
            received.Add((await resumed.ReceiveAsync("event")).GetProperty("seq").GetInt64());
        }

        await publisher.PublishAsync("p1", "agent_output", data);
        received.Add((await resumed.ReceiveAsync("event")).GetProperty("seq").GetInt64());

        Assert.Equal(Enumerable.Range(1, (int)published + 1).Select(i => (long)i), received);
    }

    [Fact]
    public async Task Publish_OfAnEventLargerThanMaxEventBytes_IsRefused_AndNoSubscriberOrHistorySeesIt()
    {
        await using var host = await StartAsync();
        using var client = await ConnectAsync(host, "/ws/p1");
        var epoch = client.Welcome.GetProperty("subscriptions")[0].GetProperty("epoch").GetString()!;
        var publisher = ClientNodePublisherOf(host);
        await publisher.PublishAsync("p1", "task_started", null);

        var refused = await Assert.ThrowsAsync<ArgumentException>(
            async () => await publisher.PublishAsync("p1", "agent_output", new { line = new string('x', 1_200_000) }));
        var after = await publisher.PublishAsync("p1", "task_completed", null);

        Assert.Equal("data", refused.ParamName);
        Assert.Contains("MaxEventBytes (65536 bytes)", refused.Message, StringComparison.Ordinal);
        Assert.Equal(2, after.Seq);
        Assert.Equal(1, after.LocalSubscribers);
        Assert.Equal("task_started", (await client.ReceiveAsync("event")).GetProperty("event").GetString());
        Assert.Equal("task_completed", (await client.ReceiveAsync("event")).GetProperty("event").GetString());
        Assert.True((await client.InvokeAsync(ConformanceCommands.Echo, "alive", args: """{"text":"still here"}""")).GetProperty("ok").GetBoolean());

        using var resumed = await ConnectAsync(host, $"/ws/p1?since=0&epoch={Uri.EscapeDataString(epoch)}");
        var position = resumed.Welcome.GetProperty("subscriptions")[0];
        Assert.True(position.GetProperty("recovered").GetBoolean());
        Assert.Equal(2, position.GetProperty("seq").GetInt64());
        Assert.Equal("task_started", (await resumed.ReceiveAsync("event")).GetProperty("event").GetString());
        Assert.Equal("task_completed", (await resumed.ReceiveAsync("event")).GetProperty("event").GetString());
    }

    [Fact]
    public async Task PingFlood_FromAClientThatReads_IsAnsweredWithoutClosingIt()
    {
        await using var host = await StartAsync();
        using var client = await ConnectAsync(host);

        // Read while flooding, as a live client does, until the command sent after the flood is answered.
        var reading = ReceiveUntilResultAsync(client, "after-flood");
        var flood = Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat("{\"type\":\"ping\"}\n", 3_000)));
        for (var i = 0; i < 20; i++)
        {
            await client.SendAsync(flood, System.Net.WebSockets.WebSocketMessageType.Text);
        }

        await client.SendCommandAsync(ConformanceCommands.Echo, "after-flood", args: """{"text":"still here"}""");
        var seen = await reading;

        Assert.DoesNotContain(seen, m => m.GetProperty("type").GetString() == "disconnected");
        Assert.Contains(seen, m => m.GetProperty("type").GetString() == "pong");
        Assert.True(seen[^1].GetProperty("ok").GetBoolean());
        Assert.True((await client.InvokeAsync(ConformanceCommands.Echo, "later", args: """{"text":"still here"}""")).GetProperty("ok").GetBoolean());
    }

    private static List<long> EventSeqs(IEnumerable<JsonElement> messages)
        => [.. messages.Where(m => m.GetProperty("type").GetString() == "event").Select(m => m.GetProperty("seq").GetInt64())];

    /// <summary>Reads every message up to the <c>result</c> with <paramref name="id"/>, or to the end of the connection.</summary>
    private static async Task<List<JsonElement>> ReceiveUntilResultAsync(ProtocolTestClient client, string id)
    {
        var seen = new List<JsonElement>();
        while (true)
        {
            var message = await client.ReceiveAsync();
            seen.Add(message);
            if (message.GetProperty("type").GetString() == "disconnected"
                || (message.GetProperty("type").GetString() == "result" && message.GetProperty("id").GetString() == id))
            {
                return seen;
            }
        }
    }
}
