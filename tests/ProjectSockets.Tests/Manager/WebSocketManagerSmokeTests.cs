using Microsoft.Extensions.DependencyInjection;
using ProjectSockets.Tests.Testing;

namespace ProjectSockets.Tests.Manager;

public sealed class WebSocketManagerSmokeTests
{
    [Fact]
    public async Task Connect_WithRouteProject_WelcomesWithSubscription()
    {
        await using var server = new TestServer();
        var client = await server.ConnectAsync("p1");

        var subscription = Assert.Single(client.Welcome.GetProperty("subscriptions").EnumerateArray());
        Assert.Equal("p1", subscription.GetProperty("project").GetString());
        Assert.Equal(0, subscription.GetProperty("seq").GetInt64());
        Assert.False(subscription.GetProperty("recovered").GetBoolean());
        Assert.Equal(1, client.Welcome.GetProperty("protocol").GetInt32());
    }

    [Fact]
    public async Task Publish_ToSubscribedProject_DeliversEvent()
    {
        await using var server = new TestServer();
        var client = await server.ConnectAsync("p1");

        var published = await server.Publisher.PublishAsync("p1", "task_started", new { taskId = "t1" });
        var message = await client.ReceiveAsync("event");

        Assert.Equal(1, published.Seq);
        Assert.Equal(1, published.LocalSubscribers);
        Assert.Equal("task_started", message.GetProperty("event").GetString());
        Assert.Equal("t1", message.GetProperty("data").GetProperty("taskId").GetString());
        Assert.Equal("2026-11-27T10:00:00.000Z", message.GetProperty("time").GetString());
    }

    [Fact]
    public async Task SubscribeCommand_ThenPublish_DeliversAfterResult()
    {
        await using var server = new TestServer();
        var client = await server.ConnectAsync();

        var result = await client.InvokeAsync("subscribe", "1", "p2", """{"events":["task_*"]}""");
        await server.Publisher.PublishAsync("p2", "agent_output", null);
        await server.Publisher.PublishAsync("p2", "task_completed", null);
        var message = await client.ReceiveAsync("event");

        Assert.True(result.GetProperty("ok").GetBoolean());
        Assert.Equal("task_completed", message.GetProperty("event").GetString());
        Assert.Equal(2, message.GetProperty("seq").GetInt64());
    }

    [Fact]
    public async Task CustomCommand_ReturnsResult()
    {
        await using var server = new TestServer(build: b => b.AddCommand<StartArgs, object>("start_task", (args, context) => new { taskId = args.Title + "-1" }));
        var client = await server.ConnectAsync();

        var result = await client.InvokeAsync("start_task", "7", "p1", """{"title":"build"}""");

        Assert.True(result.GetProperty("ok").GetBoolean());
        Assert.Equal("build-1", result.GetProperty("data").GetProperty("taskId").GetString());
    }

    [Fact]
    public async Task Shutdown_SendsDisconnectedAnd1001()
    {
        var server = new TestServer();
        var client = await server.ConnectAsync("p1");

        var shutdown = server.Manager.ShutdownAsync();
        var (messages, code) = await client.ReceiveUntilClosedAsync();
        await shutdown.WaitAsync(TestClient.Timeout);

        var disconnected = Assert.Single(messages);
        Assert.Equal("disconnected", disconnected.GetProperty("type").GetString());
        Assert.Equal(1001, disconnected.GetProperty("code").GetInt32());
        Assert.True(disconnected.GetProperty("reconnect").GetBoolean());
        Assert.Equal(1001, code);
        Assert.Equal(0, server.Manager.ConnectionCount);
        await server.DisposeAsync();
    }

    private sealed record StartArgs(string Title);
}
