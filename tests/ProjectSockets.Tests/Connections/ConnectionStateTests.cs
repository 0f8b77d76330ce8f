using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using ProjectSockets.Tests.Testing;

namespace ProjectSockets.Tests.Connections;

/// <summary>The send queue and its writer: bounds, slow consumers, batching.</summary>
public sealed class ConnectionStateTests
{
    [Theory]
    [InlineData("messages")]
    [InlineData("bytes")]
    public async Task SlowConsumer_IsClosedWith4001_OnceItsQueueIsFull_WhileOthersReceiveEverything(string bound)
    {
        var logs = new CapturingLoggerProvider();
        await using var server = new TestServer(
            o =>
            {
                o.SendQueue.MaxMessages = bound == "messages" ? 10 : 100_000;
                o.SendQueue.MaxBytes = bound == "bytes" ? 2_000 : 1024 * 1024;
                o.MaxEventBytes = 1_000;
            },
            services: s => s.AddLogging(l => l.AddProvider(logs)));
        var fast = await server.ConnectAsync("p1");
        var (slow, transport) = await ConnectGatedAsync(server, "p1");
        var state = State(server, slow);

        var first = await StallWriterAsync(server, transport);
        var fastSeqs = new List<long> { (await fast.ReceiveAsync("event")).GetProperty("seq").GetInt64() };
        while (!state.IsClosing)
        {
            var publish = server.Publisher.PublishAsync("p1", "e", new string('x', 100));
            Assert.True(publish.IsCompletedSuccessfully, "Publishing waited for a socket.");
            Assert.InRange(state.QueuedMessages, 0, server.Options.SendQueue.MaxMessages);
            Assert.InRange(state.QueuedBytes, 0, server.Options.SendQueue.MaxBytes);
            fastSeqs.Add((await fast.ReceiveAsync("event")).GetProperty("seq").GetInt64());
            Assert.True(fastSeqs.Count < 1_000, "The queue never filled.");
        }

        transport.Open();
        var (messages, code) = await slow.ReceiveUntilClosedAsync();
        await slow.Run.WaitAsync(TestClient.Timeout);

        Assert.Equal(Enumerable.Range(1, fastSeqs.Count).Select(i => (long)i), fastSeqs);
        Assert.Empty(await fast.BarrierAsync());
        Assert.Equal(first.Seq, messages[0].GetProperty("seq").GetInt64());
        var disconnected = messages[^1];
        Assert.Equal("disconnected", disconnected.GetProperty("type").GetString());
        Assert.Equal(4001, disconnected.GetProperty("code").GetInt32());
        Assert.True(disconnected.GetProperty("reconnect").GetBoolean());
        Assert.Equal(4001, code);
        Assert.Contains(logs.Entries, e => e.EventId.Name == "SlowConsumer");
        Assert.Equal(1, server.Manager.GetSubscriberCount("p1"));
    }

    [Fact]
    public async Task Queue_AtExactlyItsBound_DoesNotClose()
    {
        await using var server = new TestServer(o => o.SendQueue.MaxMessages = 3);
        var (client, transport) = await ConnectGatedAsync(server, "p1");

        await StallWriterAsync(server, transport);
        for (var i = 0; i < 3; i++)
        {
            await server.Publisher.PublishAsync("p1", "e", i);
        }

        Assert.False(State(server, client).IsClosing);
        Assert.Equal(3, State(server, client).QueuedMessages);
        transport.Open();
        for (var i = 0; i < 4; i++)
        {
            await client.ReceiveAsync("event");
        }

        Assert.False(State(server, client).IsClosing);
        Assert.Equal(0, State(server, client).QueuedMessages);
        Assert.Equal(0, State(server, client).QueuedBytes);
    }

    [Fact]
    public async Task ConsumerThatNeverReadsAgain_IsAbortedAfterCloseTimeout_AndLeavesTheIndexes()
    {
        await using var server = new TestServer(o =>
        {
            o.SendQueue.MaxMessages = 2;
            o.CloseTimeout = TimeSpan.FromSeconds(5);
        });
        var (client, transport) = await ConnectGatedAsync(server, "p1");

        await StallWriterAsync(server, transport);
        for (var i = 0; i < 3; i++)
        {
            await server.Publisher.PublishAsync("p1", "e", i);
        }

        server.Time.Advance(TimeSpan.FromSeconds(5));
        await client.Run.WaitAsync(TestClient.Timeout);

        server.AssertNoConnections("p1");
    }

    [Fact]
    public async Task WaitingMessages_AreSentAsOneNewlineSeparatedBatch()
    {
        await using var server = new TestServer();
        var (client, transport) = await ConnectGatedAsync(server, "p1");

        await StallWriterAsync(server, transport, "a", 1);
        await server.Publisher.PublishAsync("p1", "b", 2);
        await server.Publisher.PublishAsync("p1", "c", 3);
        await server.Publisher.PublishAsync("p1", "d", 4);
        transport.Open();
        var alone = await client.ReceiveRawAsync();
        var batch = await client.ReceiveRawAsync();

        Assert.DoesNotContain('\n', alone);
        var lines = batch.Split('\n');
        Assert.Equal(3, lines.Length);
        Assert.Equal(["b", "c", "d"], lines.Select(l => System.Text.Json.JsonDocument.Parse(l).RootElement.GetProperty("event").GetString()));
    }

    [Fact]
    public async Task Batch_StaysWithinMaxBatchBytes()
    {
        await using var server = new TestServer(o => o.SendQueue.MaxBatchBytes = 600);
        var (client, transport) = await ConnectGatedAsync(server, "p1");

        await StallWriterAsync(server, transport);
        for (var i = 0; i < 7; i++)
        {
            await server.Publisher.PublishAsync("p1", "e", new string('x', 150));
        }

        transport.Open();
        await client.ReceiveRawAsync();
        var batches = new List<string>();
        var lines = 0;
        while (lines < 7)
        {
            var batch = await client.ReceiveRawAsync();
            batches.Add(batch);
            lines += batch.Split('\n').Length;
        }

        Assert.Equal(7, lines);
        Assert.All(batches, b => Assert.InRange(System.Text.Encoding.UTF8.GetByteCount(b), 1, 600));
        Assert.Contains(batches, b => b.Contains('\n'));
    }

    [Fact]
    public async Task MessageLargerThanMaxBatchBytes_IsSentAlone()
    {
        await using var server = new TestServer(o => o.SendQueue.MaxBatchBytes = 1024);
        var (client, transport) = await ConnectGatedAsync(server, "p1");

        await StallWriterAsync(server, transport, "first");
        await server.Publisher.PublishAsync("p1", "small", 1);
        await server.Publisher.PublishAsync("p1", "large", new string('x', 4000));
        await server.Publisher.PublishAsync("p1", "small", 2);
        await server.Publisher.PublishAsync("p1", "small", 3);
        transport.Open();
        var raw = new List<string>();
        for (var i = 0; i < 4; i++)
        {
            raw.Add(await client.ReceiveRawAsync());
        }

        Assert.Equal(["first", "small", "large", "small,small"], raw.Select(r => string.Join(',', r.Split('\n').Select(l => System.Text.Json.JsonDocument.Parse(l).RootElement.GetProperty("event").GetString()))));
    }

    [Fact]
    public async Task MessageThatArrivesAlone_IsSentWithoutWaitingForABatch()
    {
        await using var server = new TestServer();
        var client = await server.ConnectAsync("p1");

        await server.Publisher.PublishAsync("p1", "e", 1);
        var raw = await client.ReceiveRawAsync();

        Assert.DoesNotContain('\n', raw);
        Assert.StartsWith("""{"type":"event""", raw, StringComparison.Ordinal);
    }

    private static async Task<(TestClient Client, GatedConnection Transport)> ConnectGatedAsync(TestServer server, string project)
    {
        GatedConnection? transport = null;
        var client = await server.ConnectAsync(new ConnectionRequest { RouteProject = project }, c => transport = new GatedConnection(c));
        return (client, transport!);
    }

    /// <summary>
    /// Shuts the gate, publishes one event and waits until the writer's send of it is stuck there: what the test
    /// publishes next waits in the queue.
    /// </summary>
    private static async Task<PublishResult> StallWriterAsync(TestServer server, GatedConnection transport, string eventName = "e", int data = 0)
    {
        transport.Shut();
        var result = await server.Publisher.PublishAsync("p1", eventName, data);
        await transport.SendWaiting.WaitAsync(TestClient.Timeout);
        return result;
    }

    private static ConnectionState State(TestServer server, TestClient client)
    {
        Assert.True(server.Implementation.TryGetConnection(client.Id, out var state));
        return state;
    }
}
