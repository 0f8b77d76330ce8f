using ProjectSockets.Tests.Testing;

namespace ProjectSockets.Tests.Connections;

/// <summary>However a connection ends, it leaves every index of the manager.</summary>
public sealed class WebSocketManagerConnectionTests
{
    [Fact]
    public async Task ClientClose_RemovesConnectionFromEveryIndex()
    {
        await using var server = new TestServer();
        var client = await ConnectSubscribedAsync(server);

        await client.CloseAsync();

        await AssertGoneAsync(server, client);
    }

    [Fact]
    public async Task ClientClose_IsEchoedWithItsCode_WithoutDisconnected()
    {
        await using var server = new TestServer();
        var client = await ConnectSubscribedAsync(server);

        await client.Connection.CloseAsync(4100, "bye");
        var (messages, code) = await client.ReceiveUntilClosedAsync();

        Assert.Empty(messages);
        Assert.Equal(4100, code);
    }

    [Fact]
    public async Task Abort_RemovesConnectionFromEveryIndex()
    {
        await using var server = new TestServer();
        var client = await ConnectSubscribedAsync(server);

        client.Connection.Abort();
        await client.Run.WaitAsync(TestClient.Timeout);

        await AssertGoneAsync(server, client);
    }

    [Fact]
    public async Task ReceiveThrowing_RemovesConnectionFromEveryIndex()
    {
        await using var server = new TestServer();
        FaultingConnection? transport = null;
        var client = await ConnectSubscribedAsync(server, c => transport = new FaultingConnection(c));

        transport!.FailReceive(new InvalidOperationException("transport broke"));
        await client.Run.WaitAsync(TestClient.Timeout);

        await AssertGoneAsync(server, client);
    }

    [Fact]
    public async Task ReceiveThrowingIOException_RemovesConnectionFromEveryIndex()
    {
        await using var server = new TestServer();
        FaultingConnection? transport = null;
        var client = await ConnectSubscribedAsync(server, c => transport = new FaultingConnection(c));

        transport!.FailReceive(new IOException("reset by peer"));
        await client.Run.WaitAsync(TestClient.Timeout);

        await AssertGoneAsync(server, client);
    }

    [Theory]
    [InlineData(typeof(IOException))]
    [InlineData(typeof(InvalidOperationException))]
    public async Task SendThrowing_RemovesConnectionFromEveryIndex(Type exceptionType)
    {
        await using var server = new TestServer();
        FaultingConnection? transport = null;
        var client = await ConnectSubscribedAsync(server, c => transport = new FaultingConnection(c));

        transport!.FailSend((Exception)Activator.CreateInstance(exceptionType, "send failed")!);
        await server.Publisher.PublishAsync("p1", "task_started", null);
        await client.Run.WaitAsync(TestClient.Timeout);

        await AssertGoneAsync(server, client);
    }

    [Fact]
    public async Task CancellationToken_RemovesConnectionFromEveryIndex()
    {
        await using var server = new TestServer();
        using var cancellation = new CancellationTokenSource();
        var client = await server.ConnectAsync(new ConnectionRequest { RouteProject = "p1" }, cancellationToken: cancellation.Token);
        await client.InvokeAsync("subscribe", "s", "p2");

        await cancellation.CancelAsync();
        await client.Run.WaitAsync(TestClient.Timeout);

        await AssertGoneAsync(server, client);
    }

    [Fact]
    public async Task ServerDisconnect_RemovesConnectionFromEveryIndex()
    {
        await using var server = new TestServer();
        var client = await ConnectSubscribedAsync(server);

        var disconnect = server.Manager.DisconnectAsync(client.Id);
        await client.ReceiveUntilClosedAsync();

        Assert.True(await disconnect.WaitAsync(TestClient.Timeout));
        await AssertGoneAsync(server, client);
    }

    [Fact]
    public async Task HeartbeatTimeout_RemovesConnectionFromEveryIndex()
    {
        await using var server = new TestServer();
        var client = await ConnectSubscribedAsync(server);

        server.Time.Advance(TimeSpan.FromSeconds(90));
        await client.ReceiveUntilClosedAsync();
        await client.Run.WaitAsync(TestClient.Timeout);

        await AssertGoneAsync(server, client);
    }

    [Fact]
    public async Task SlowConsumer_RemovesConnectionFromEveryIndex()
    {
        await using var server = new TestServer(o => o.SendQueue.MaxMessages = 2);
        GatedConnection? transport = null;
        var client = await ConnectSubscribedAsync(server, c => transport = new GatedConnection(c));

        transport!.Shut();
        await server.Publisher.PublishAsync("p1", "e", 0);
        await transport.SendWaiting.WaitAsync(TestClient.Timeout);
        for (var i = 1; i <= 3; i++)
        {
            await server.Publisher.PublishAsync("p1", "e", i);
        }

        transport.Open();
        await client.ReceiveUntilClosedAsync();
        await client.Run.WaitAsync(TestClient.Timeout);

        await AssertGoneAsync(server, client);
    }

    [Fact]
    public async Task Shutdown_RemovesConnectionFromEveryIndex()
    {
        await using var server = new TestServer();
        var client = await ConnectSubscribedAsync(server);

        var shutdown = server.Manager.ShutdownAsync();
        await client.ReceiveUntilClosedAsync();
        await shutdown.WaitAsync(TestClient.Timeout);

        await AssertGoneAsync(server, client);
    }

    [Fact]
    public async Task ClientThatNeverAnswersClose_IsAbortedAfterCloseTimeout()
    {
        await using var server = new TestServer(o => o.CloseTimeout = TimeSpan.FromSeconds(5));
        var client = await ConnectSubscribedAsync(server);

        var disconnect = server.Manager.DisconnectAsync(client.Id);
        var disconnected = await client.ReceiveAsync("disconnected");
        server.Time.Advance(TimeSpan.FromSeconds(5));

        Assert.True(await disconnect.WaitAsync(TestClient.Timeout));
        Assert.Equal(1000, disconnected.GetProperty("code").GetInt32());
        await AssertGoneAsync(server, client);
    }

    [Fact]
    public async Task EndedConnection_ReleasesItsConnectionSlot()
    {
        await using var server = new TestServer(o => o.MaxConnections = 1);
        var first = await server.ConnectAsync();
        var (_, refused) = await server.TryConnectAsync(new ConnectionRequest());

        await first.CloseAsync();
        var (second, _) = await server.TryConnectAsync(new ConnectionRequest());

        Assert.Equal(503, refused);
        Assert.NotNull(second);
    }

    private static async Task<TestClient> ConnectSubscribedAsync(TestServer server, Func<InMemoryConnection, IConnection>? wrap = null)
    {
        var client = await server.ConnectAsync(new ConnectionRequest { RouteProject = "p1" }, wrap);
        await client.InvokeAsync("subscribe", "s", "p2");
        Assert.Equal(1, server.Manager.ConnectionCount);
        Assert.Equal(["p1", "p2"], server.Manager.GetProjects(client.Id).Order(StringComparer.Ordinal));
        Assert.Equal([client.Id], server.Manager.GetConnections("p2"));
        return client;
    }

    private static async Task AssertGoneAsync(TestServer server, TestClient client)
    {
        await client.Run.WaitAsync(TestClient.Timeout);
        server.AssertNoConnections("p1", "p2");
        Assert.Empty(server.Manager.GetProjects(client.Id));
    }
}
