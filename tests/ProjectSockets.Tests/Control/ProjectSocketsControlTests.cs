using Microsoft.Extensions.DependencyInjection;
using ProjectSockets.Tests.Testing;

namespace ProjectSockets.Tests.Control;

public sealed class ProjectSocketsControlTests
{
    private static IProjectSocketsControl Control(TestServer server) => server.Services.GetRequiredService<IProjectSocketsControl>();

    [Fact]
    public async Task SendToConnection_QueuesADirectEvent_AndCountsOne()
    {
        await using var server = new TestServer();
        var client = await server.ConnectAsync();

        var count = await Control(server).SendToConnectionAsync(client.Id, "notice", new { text = "hi" }, "p1");

        var message = await client.ReceiveAsync("event");
        Assert.Equal(1, count);
        Assert.Equal("notice", message.GetProperty("event").GetString());
        Assert.Equal("p1", message.GetProperty("project").GetString());
        Assert.Equal("hi", message.GetProperty("data").GetProperty("text").GetString());
        Assert.False(message.TryGetProperty("seq", out _));
    }

    [Fact]
    public async Task EveryOperation_OnAnUnknownConnection_CountsZero()
    {
        await using var server = new TestServer();
        var control = Control(server);

        Assert.Equal(0, await control.SendToConnectionAsync("nobody", "e", null));
        Assert.Equal(0, await control.DisconnectConnectionAsync("nobody"));
        Assert.Equal(0, await control.SubscribeConnectionAsync("nobody", "p1"));
        Assert.Equal(0, await control.UnsubscribeConnectionAsync("nobody", "p1"));
    }

    [Fact]
    public async Task DisconnectConnection_SendsDisconnectedWithTheCode_AndWaitsForTheEnd()
    {
        await using var server = new TestServer();
        var client = await server.ConnectAsync();
        var closed = client.ReceiveUntilClosedAsync();

        var count = await Control(server).DisconnectConnectionAsync(client.Id, 4100, "kicked");

        var (messages, code) = await closed;
        Assert.Equal(1, count);
        Assert.Equal(4100, code);
        var disconnected = Assert.Single(messages, m => m.GetProperty("type").GetString() == "disconnected");
        Assert.Equal("kicked", disconnected.GetProperty("reason").GetString());
        Assert.Equal(0, server.Manager.ConnectionCount);
    }

    [Fact]
    public async Task SubscribeConnection_SendsSubscribed_ThenTheProjectsEvents()
    {
        await using var server = new TestServer();
        await server.Publisher.PublishAsync("p2", "before", null);
        var client = await server.ConnectAsync();

        var count = await Control(server).SubscribeConnectionAsync(client.Id, "p2", ["task_*"]);
        await server.Publisher.PublishAsync("p2", "agent_output", null);
        await server.Publisher.PublishAsync("p2", "task_started", null);

        var subscribed = await client.ReceiveAsync("subscribed");
        var next = await client.ReceiveAsync("event");
        Assert.Equal(1, count);
        Assert.Equal("p2", subscribed.GetProperty("project").GetString());
        Assert.Equal(1, subscribed.GetProperty("seq").GetInt64());
        Assert.False(string.IsNullOrEmpty(subscribed.GetProperty("epoch").GetString()));
        Assert.False(subscribed.GetProperty("recovered").GetBoolean());
        Assert.Equal("task_started", next.GetProperty("event").GetString());
        Assert.Equal(["p2"], server.Manager.GetProjects(client.Id));
    }

    [Fact]
    public async Task SubscribeConnection_AtItsLimit_CountsZero_AndLeavesItsSubscriptions()
    {
        await using var server = new TestServer(o => o.MaxSubscriptionsPerConnection = 1);
        var client = await server.ConnectAsync("p1");

        var count = await Control(server).SubscribeConnectionAsync(client.Id, "p2");

        Assert.Equal(0, count);
        Assert.Equal(["p1"], server.Manager.GetProjects(client.Id));
    }

    [Fact]
    public async Task UnsubscribeConnection_SendsUnsubscribedWithReasonServer_AndStopsTheEvents()
    {
        await using var server = new TestServer();
        var client = await server.ConnectAsync("p1");

        var count = await Control(server).UnsubscribeConnectionAsync(client.Id, "p1");
        await server.Publisher.PublishAsync("p1", "after", null);

        var notice = await client.ReceiveAsync("unsubscribed");
        Assert.Equal(1, count);
        Assert.Equal("p1", notice.GetProperty("project").GetString());
        Assert.Equal("server", notice.GetProperty("reason").GetString());
        Assert.Empty(await client.BarrierAsync());
        Assert.Equal(0, server.Manager.GetSubscriberCount("p1"));
    }

    [Fact]
    public async Task UnsubscribeConnection_NotSubscribed_CountsZero_AndSendsNothing()
    {
        await using var server = new TestServer();
        var client = await server.ConnectAsync();

        Assert.Equal(0, await Control(server).UnsubscribeConnectionAsync(client.Id, "p1"));
        Assert.Empty(await client.BarrierAsync());
    }

    [Theory]
    [InlineData(999)]
    [InlineData(1005)]
    [InlineData(5000)]
    public async Task Disconnect_WithACodeThatCannotBeSent_Throws(int code)
    {
        await using var server = new TestServer();

        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => Control(server).DisconnectConnectionAsync("c", code));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => Control(server).DisconnectUserAsync("u", code));
    }

    [Fact]
    public async Task BadArguments_AreRefusedOnTheCallingNode()
    {
        await using var server = new TestServer(o => o.MaxEventBytes = 256);
        var control = Control(server);

        await Assert.ThrowsAsync<ArgumentException>(() => control.SendToConnectionAsync("", "e", null));
        await Assert.ThrowsAsync<ArgumentException>(() => control.SendToUserAsync("u", "bad name", null));
        await Assert.ThrowsAsync<ArgumentException>(() => control.SendToUserAsync("u", "e", null, "bad/project"));
        var tooLarge = await Assert.ThrowsAsync<ArgumentException>(() => control.SendToConnectionAsync("c", "e", new string('x', 300)));
        Assert.Equal("data", tooLarge.ParamName);
        await Assert.ThrowsAsync<ArgumentException>(() => control.SubscribeConnectionAsync("c", ".."));
        await Assert.ThrowsAsync<ArgumentException>(() => control.SubscribeUserAsync("u", "p1", []));
        await Assert.ThrowsAsync<ArgumentException>(() => control.SubscribeUserAsync("u", "p1", ["bad pattern"]));
        await Assert.ThrowsAsync<ArgumentException>(() => control.UnsubscribeUserAsync("u", ""));
        await Assert.ThrowsAsync<ArgumentException>(() => control.RevokeUserAccessAsync("", "p1"));
    }

    private static Task<TestClient> ConnectAsUserAsync(TestServer server, string userId, string? project = null)
        => server.ConnectAsync(new ConnectionRequest
        {
            RouteProject = project,
            User = new System.Security.Claims.ClaimsPrincipal(new System.Security.Claims.ClaimsIdentity([new System.Security.Claims.Claim("sub", userId)], "test")),
        });

    [Fact]
    public async Task SendToUser_ReachesEveryConnectionOfThatUser_AndNoOther()
    {
        await using var server = new TestServer();
        var alice1 = await ConnectAsUserAsync(server, "alice");
        var alice2 = await ConnectAsUserAsync(server, "alice");
        var bob = await ConnectAsUserAsync(server, "bob");

        var count = await Control(server).SendToUserAsync("alice", "notice", null);

        Assert.Equal(2, count);
        Assert.Equal("notice", (await alice1.ReceiveAsync("event")).GetProperty("event").GetString());
        Assert.Equal("notice", (await alice2.ReceiveAsync("event")).GetProperty("event").GetString());
        Assert.Empty(await bob.BarrierAsync());
    }

    [Fact]
    public async Task DisconnectUser_ClosesEveryConnectionOfThatUser()
    {
        await using var server = new TestServer();
        var alice1 = await ConnectAsUserAsync(server, "alice");
        var alice2 = await ConnectAsUserAsync(server, "alice");
        var bob = await ConnectAsUserAsync(server, "bob");

        // The disconnect waits for the connections to end, and an in-memory client answers the close only while read.
        var closed1 = alice1.ReceiveUntilClosedAsync();
        var closed2 = alice2.ReceiveUntilClosedAsync();
        var count = await Control(server).DisconnectUserAsync("alice", 4200, "account suspended").WaitAsync(TestClient.Timeout);

        Assert.Equal(2, count);
        Assert.Equal(4200, (await closed1).CloseCode);
        Assert.Equal(4200, (await closed2).CloseCode);
        Assert.Equal([bob.Id], server.Manager.GetConnectionIds());
    }

    [Fact]
    public async Task RevokeUserAccess_EndsThatProjectForEveryConnectionOfTheUser_WithAClearNotice()
    {
        await using var server = new TestServer();
        var alice1 = await ConnectAsUserAsync(server, "alice", "p1");
        var alice2 = await ConnectAsUserAsync(server, "alice");
        await alice2.InvokeAsync("subscribe", "1", "p2");
        var bob = await ConnectAsUserAsync(server, "bob", "p1");

        var count = await Control(server).RevokeUserAccessAsync("alice", "p1");
        await server.Publisher.PublishAsync("p1", "after", null);

        Assert.Equal(1, count);
        var notice = await alice1.ReceiveAsync("unsubscribed");
        Assert.Equal("revoked", notice.GetProperty("reason").GetString());
        Assert.Equal("Access to this project was revoked.", notice.GetProperty("message").GetString());
        Assert.Empty(await alice1.BarrierAsync());
        Assert.Empty(await alice2.BarrierAsync());
        Assert.Equal(["p2"], server.Manager.GetProjects(alice2.Id));
        Assert.Equal("after", (await bob.ReceiveAsync("event")).GetProperty("event").GetString());
    }
}
