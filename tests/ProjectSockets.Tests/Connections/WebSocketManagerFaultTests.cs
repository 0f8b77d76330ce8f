using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using ProjectSockets.Tests.Testing;
using ProjectSockets.Tests.Commands;

namespace ProjectSockets.Tests.Connections;

/// <summary>Faults of the host's code, the store and the server's own life: no exception text leaves, no index keeps a dead connection.</summary>
public sealed class WebSocketManagerFaultTests
{
    [Fact]
    public async Task Subscribe_WhenTheStoreThrows_FailsWithGenericHandlerError_AndConnectionLives()
    {
        var logs = new CapturingLoggerProvider();
        await using var server = new TestServer(services: s => s
            .AddSingleton<IProjectEventStore>(p => new ThrowingEventStore(p.GetRequiredService<TimeProvider>()))
            .AddLogging(l => l.AddProvider(logs)));
        var client = await server.ConnectAsync();

        var failed = await client.InvokeAsync("subscribe", "1", "boom1");
        var subscribed = await client.InvokeAsync("subscribe", "2", "p1");

        WebSocketManagerCommandsTests.AssertFailure(failed, "handler_error");
        Assert.DoesNotContain("hunter2", failed.GetRawText(), StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", failed.GetRawText(), StringComparison.Ordinal);
        Assert.True(subscribed.GetProperty("ok").GetBoolean());
        Assert.Equal(0, server.Manager.GetSubscriberCount("boom1"));
        Assert.Contains(logs.Entries, e => e.Level == LogLevel.Error && e.Exception?.Message == ThrowingEventStore.SecretText);
    }

    [Fact]
    public async Task Connect_WhenTheStoreThrowsForTheRouteProject_ClosesWith1011AndReconnect_WithoutExceptionText()
    {
        await using var server = new TestServer(services: s => s
            .AddSingleton<IProjectEventStore>(p => new ThrowingEventStore(p.GetRequiredService<TimeProvider>())));
        var request = new ConnectionRequest { RouteProject = "boom1" };
        var decision = await server.Manager.EvaluateHandshakeAsync(request);
        var (serverEnd, clientEnd) = InMemoryConnection.CreatePair(request);

        var client = new TestClient(clientEnd, serverEnd.Id, server.Manager.RunConnectionAsync(serverEnd, decision));
        var (messages, code) = await client.ReceiveUntilClosedAsync();
        await client.Run.WaitAsync(TestClient.Timeout);

        Assert.Equal(1011, code);
        var disconnected = Assert.Single(messages);
        Assert.Equal("disconnected", disconnected.GetProperty("type").GetString());
        Assert.Equal(1011, disconnected.GetProperty("code").GetInt32());
        Assert.True(disconnected.GetProperty("reconnect").GetBoolean());
        Assert.DoesNotContain("hunter2", disconnected.GetRawText(), StringComparison.Ordinal);
        server.AssertNoConnections("boom1");
        var next = await server.ConnectAsync("p1");
        Assert.Equal("welcome", next.Welcome.GetProperty("type").GetString());
    }

    [Fact]
    public async Task Shutdown_InTheMiddleOfABroadcast_ClosesEveryClientWith1001_WithoutGaps_AndLeavesEveryIndexClean()
    {
        await using var server = new TestServer();
        var clients = new List<TestClient>();
        for (var i = 0; i < 4; i++)
        {
            clients.Add(await server.ConnectAsync("p1"));
        }

        var publishing = Task.Run(async () =>
        {
            for (var i = 0; i < 300; i++)
            {
                await server.Publisher.PublishAsync("p1", "e", i);
            }
        });
        var shutdown = server.Manager.ShutdownAsync();
        var closed = await Task.WhenAll(clients.Select(c => c.ReceiveUntilClosedAsync())).WaitAsync(TestClient.Timeout);
        await shutdown.WaitAsync(TestClient.Timeout);
        await publishing.WaitAsync(TestClient.Timeout);

        server.AssertNoConnections("p1");
        Assert.All(closed, c =>
        {
            Assert.Equal(1001, c.CloseCode);
            Assert.Equal(1001, c.Messages[^1].GetProperty("code").GetInt32());
            var seqs = c.Messages.Where(m => m.GetProperty("type").GetString() == "event").Select(m => m.GetProperty("seq").GetInt64()).ToList();
            Assert.Equal(Enumerable.Range(1, seqs.Count).Select(i => (long)i), seqs);
        });
    }
}
