using ProjectSockets.Tests.Testing;

namespace ProjectSockets.Tests.Manager;

public sealed class WebSocketManagerTests
{
    [Fact]
    public async Task DisconnectAsync_SendsDisconnectedWithCodeAndReason_ThenCloses()
    {
        await using var server = new TestServer();
        var client = await server.ConnectAsync("p1");

        var disconnect = server.Manager.DisconnectAsync(client.Id, 4100, "project archived");
        var (messages, code) = await client.ReceiveUntilClosedAsync();

        Assert.True(await disconnect.WaitAsync(TestClient.Timeout));
        var disconnected = Assert.Single(messages);
        Assert.Equal("disconnected", disconnected.GetProperty("type").GetString());
        Assert.Equal(4100, disconnected.GetProperty("code").GetInt32());
        Assert.Equal("project archived", disconnected.GetProperty("reason").GetString());
        Assert.False(disconnected.GetProperty("reconnect").GetBoolean());
        Assert.Equal(4100, code);
    }

    [Fact]
    public async Task DisconnectAsync_WithDefaults_Uses1000()
    {
        await using var server = new TestServer();
        var client = await server.ConnectAsync();

        var disconnect = server.Manager.DisconnectAsync(client.Id);
        var (_, code) = await client.ReceiveUntilClosedAsync();
        await disconnect.WaitAsync(TestClient.Timeout);

        Assert.Equal(1000, code);
    }

    [Fact]
    public async Task DisconnectAsync_SendsWhatWasQueuedFirst()
    {
        await using var server = new TestServer();
        var client = await server.ConnectAsync("p1");
        await server.Publisher.PublishAsync("p1", "last_words", null);

        var disconnect = server.Manager.DisconnectAsync(client.Id);
        var (messages, _) = await client.ReceiveUntilClosedAsync();
        await disconnect.WaitAsync(TestClient.Timeout);

        Assert.Equal(["event", "disconnected"], messages.Select(m => m.GetProperty("type").GetString()));
    }

    [Fact]
    public async Task DisconnectAsync_UnknownConnection_ReturnsFalse()
    {
        await using var server = new TestServer();

        Assert.False(await server.Manager.DisconnectAsync("nobody"));
    }

    [Theory]
    [InlineData(999)]
    [InlineData(5000)]
    [InlineData(1005)]
    [InlineData(1006)]
    [InlineData(1015)]
    public async Task DisconnectAsync_WithCodeThatCannotBeSent_Throws(int code)
    {
        await using var server = new TestServer();
        var client = await server.ConnectAsync();

        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => server.Manager.DisconnectAsync(client.Id, code));
    }

    [Fact]
    public async Task SendToConnection_DeliversEventToThatConnectionOnly()
    {
        await using var server = new TestServer();
        var target = await server.ConnectAsync("p1");
        var other = await server.ConnectAsync("p1");

        var sent = server.Manager.SendToConnection(target.Id, "notice", new { text = "hi" }, "p1");
        var message = await target.ReceiveAsync("event");

        Assert.True(sent);
        Assert.Equal("notice", message.GetProperty("event").GetString());
        Assert.Equal("p1", message.GetProperty("project").GetString());
        Assert.Equal("hi", message.GetProperty("data").GetProperty("text").GetString());
        Assert.False(message.TryGetProperty("seq", out _));
        Assert.Empty(await other.BarrierAsync());
    }

    [Fact]
    public async Task SendToConnection_TakesNoSeq()
    {
        await using var server = new TestServer();
        var client = await server.ConnectAsync("p1");

        server.Manager.SendToConnection(client.Id, "notice", null, "p1");
        var published = await server.Publisher.PublishAsync("p1", "task_started", null);

        Assert.Equal(1, published.Seq);
    }

    [Fact]
    public async Task SendToConnection_UnknownConnection_ReturnsFalse()
    {
        await using var server = new TestServer();

        Assert.False(server.Manager.SendToConnection("nobody", "notice", null));
    }

    [Theory]
    [InlineData("bad name", null)]
    [InlineData("notice", "bad/project")]
    public async Task SendToConnection_WithInvalidNames_Throws(string eventName, string? project)
    {
        await using var server = new TestServer();

        Assert.Throws<ArgumentException>(() => server.Manager.SendToConnection("nobody", eventName, null, project));
    }

    [Theory]
    [InlineData("bad/project", "e")]
    [InlineData("p1", "bad name")]
    [InlineData("..", "e")]
    public async Task BroadcastAsync_WithInvalidNames_Throws(string project, string eventName)
    {
        await using var server = new TestServer();

        await Assert.ThrowsAsync<ArgumentException>(async () => await server.Manager.BroadcastAsync(project, eventName, null));
    }

    [Fact]
    public async Task BroadcastAsync_IsPublishing()
    {
        await using var server = new TestServer();
        var client = await server.ConnectAsync("p1");

        var result = await server.Manager.BroadcastAsync("p1", "task_started", new { id = 1 });
        var message = await client.ReceiveAsync("event");

        Assert.Equal(1, result.Seq);
        Assert.Equal(1, result.LocalSubscribers);
        Assert.Equal(1, message.GetProperty("seq").GetInt64());
    }

    [Fact]
    public async Task ShutdownAsync_SendsEveryClientDisconnectedAnd1001()
    {
        await using var server = new TestServer();
        var clients = new[] { await server.ConnectAsync("p1"), await server.ConnectAsync("p2"), await server.ConnectAsync() };

        var shutdown = server.Manager.ShutdownAsync();
        var ends = await Task.WhenAll(clients.Select(c => c.ReceiveUntilClosedAsync()));
        await shutdown.WaitAsync(TestClient.Timeout);

        Assert.All(ends, end =>
        {
            var disconnected = Assert.Single(end.Messages);
            Assert.Equal(1001, disconnected.GetProperty("code").GetInt32());
            Assert.True(disconnected.GetProperty("reconnect").GetBoolean());
            Assert.Equal(1001, end.CloseCode);
        });
        server.AssertNoConnections("p1", "p2");
    }

    [Fact]
    public async Task ShutdownAsync_AbortsClientThatNeverAnswersClose_AfterShutdownTimeout()
    {
        await using var server = new TestServer(o =>
        {
            o.ShutdownTimeout = TimeSpan.FromSeconds(10);
            o.CloseTimeout = TimeSpan.FromMinutes(5);
        });
        var polite = await server.ConnectAsync("p1");
        var silent = await server.ConnectAsync("p1");

        var shutdown = server.Manager.ShutdownAsync();
        await polite.ReceiveUntilClosedAsync();
        await silent.ReceiveAsync("disconnected");
        await polite.Run.WaitAsync(TestClient.Timeout);
        Assert.False(shutdown.IsCompleted);
        server.Time.Advance(TimeSpan.FromSeconds(10));
        await shutdown.WaitAsync(TestClient.Timeout);

        server.AssertNoConnections("p1");
        Assert.True(silent.Run.IsCompleted);
    }

    [Fact]
    public async Task ShutdownAsync_RefusesNewConnectionsWith503()
    {
        await using var server = new TestServer();

        await server.Manager.ShutdownAsync();
        var (client, status) = await server.TryConnectAsync(new ConnectionRequest());

        Assert.Null(client);
        Assert.Equal(503, status);
    }

    [Fact]
    public async Task Queries_ReportConnectionsAndProjects()
    {
        await using var server = new TestServer();
        var a = await server.ConnectAsync("p1");
        var b = await server.ConnectAsync("p1");
        var c = await server.ConnectAsync();
        await b.InvokeAsync("subscribe", "1", "p2");

        Assert.Equal(3, server.Manager.ConnectionCount);
        Assert.Equal(new[] { a.Id, b.Id, c.Id }.Order(StringComparer.Ordinal), server.Manager.GetConnectionIds().Order(StringComparer.Ordinal));
        Assert.Equal(new[] { a.Id, b.Id }.Order(StringComparer.Ordinal), server.Manager.GetConnections("p1").Order(StringComparer.Ordinal));
        Assert.Equal([b.Id], server.Manager.GetConnections("p2"));
        Assert.Equal(2, server.Manager.GetSubscriberCount("p1"));
        Assert.Equal(["p1", "p2"], server.Manager.GetProjects(b.Id).Order(StringComparer.Ordinal));
        Assert.Empty(server.Manager.GetProjects(c.Id));
        Assert.Empty(server.Manager.GetConnections("p3"));
        Assert.Equal(0, server.Manager.GetSubscriberCount("p3"));
    }

    [Fact]
    public async Task ConnectionIds_AreRandomAndUnguessable()
    {
        await using var server = new TestServer();
        var a = await server.ConnectAsync();
        var b = await server.ConnectAsync();

        var id = a.Welcome.GetProperty("connectionId").GetString()!;

        Assert.Equal(a.Id, id);
        Assert.NotEqual(a.Id, b.Id);
        Assert.Equal(16, Convert.FromBase64String(id.Replace('-', '+').Replace('_', '/') + "==").Length);
    }
}
