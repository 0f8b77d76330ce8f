using System.Security.Claims;
using ProjectSockets.StackExchangeRedis.Tests.Testing;
using StackExchange.Redis;
using Xunit.Abstractions;

namespace ProjectSockets.StackExchangeRedis.Tests.Control;

/// <summary>Cluster-wide control on two and three nodes over a real redis-server (one per test: some restart it).</summary>
public sealed class RedisControlTests(ITestOutputHelper output) : RedisServerPerTest(persistent: false, output)
{
    private static ClaimsPrincipal User(string id) => new(new ClaimsIdentity([new Claim(ClaimTypes.NameIdentifier, id)], "test"));

    private async Task<TestNode[]> StartNodesAsync(int count)
    {
        var nodes = Enumerable.Range(0, count).Select(i => Nodes.Add($"n{i}")).ToArray();
        foreach (var node in nodes)
        {
            await node.ControlBus.WhenListeningAsync();
        }

        return nodes;
    }

    [Fact]
    public async Task TwoNodes_SendToUser_ReachesEveryConnectionOfTheUser_OnBothNodes_AndCountsThem()
    {
        var (a, b) = (await StartNodesAsync(2)) is var n ? (n[0], n[1]) : default;
        var aliceOnA = await a.ConnectAsync(user: User("alice"));
        var aliceOnB1 = await b.ConnectAsync(user: User("alice"));
        var aliceOnB2 = await b.ConnectAsync(user: User("alice"));
        var bob = await b.ConnectAsync(user: User("bob"));

        var count = await a.Control.SendToUserAsync("alice", "notice", new { text = "hello" });

        Assert.Equal(3, count);
        foreach (var client in new[] { aliceOnA, aliceOnB1, aliceOnB2 })
        {
            var message = await client.ReceiveAsync("event");
            Assert.Equal("hello", message.GetProperty("data").GetProperty("text").GetString());
        }

        Assert.Empty(await bob.BarrierAsync());
    }

    [Fact]
    public async Task TwoNodes_DisconnectConnection_OnTheOtherNode_ClosesItWithTheCode()
    {
        var (a, b) = (await StartNodesAsync(2)) is var n ? (n[0], n[1]) : default;
        var client = await b.ConnectAsync("p1");
        var closed = client.ReceiveUntilClosedAsync();

        var count = await a.Control.DisconnectConnectionAsync(client.Id, 4100, "moved elsewhere");

        var (messages, code) = await closed;
        Assert.Equal(1, count);
        Assert.Equal(4100, code);
        Assert.Contains(messages, m => m.GetProperty("type").GetString() == "disconnected" && m.GetProperty("reason").GetString() == "moved elsewhere");
        Assert.Equal(0, b.Manager.ConnectionCount);
        Assert.Equal(0, await a.Control.DisconnectConnectionAsync(client.Id));
    }

    [Fact]
    public async Task TwoNodes_SubscribeUser_FromTheOtherNode_DeliversTheProject_ThenUnsubscribeEndsIt()
    {
        var (a, b) = (await StartNodesAsync(2)) is var n ? (n[0], n[1]) : default;
        var alice = await b.ConnectAsync(user: User("alice"));

        Assert.Equal(1, await a.Control.SubscribeUserAsync("alice", "p2", ["task_*"]));
        var subscribed = await alice.ReceiveAsync("subscribed");
        await a.PublishAsync("p2", 1, "agent_output");
        await a.PublishAsync("p2", 2, "task_started");
        var delivered = await alice.ReceiveAsync("event");
        Assert.Equal(1, await a.Control.UnsubscribeUserAsync("alice", "p2"));
        var unsubscribed = await alice.ReceiveAsync("unsubscribed");

        Assert.Equal("p2", subscribed.GetProperty("project").GetString());
        Assert.Equal(0, subscribed.GetProperty("seq").GetInt64());
        Assert.Equal("task_started", delivered.GetProperty("event").GetString());
        Assert.Equal("server", unsubscribed.GetProperty("reason").GetString());
        Assert.Equal(0, b.Manager.GetSubscriberCount("p2"));
    }

    [Fact]
    public async Task ThreeNodes_RevokeUserAccess_EndsEverySubscriptionOfTheUser_OnEveryNode_WithANotice()
    {
        var nodes = await StartNodesAsync(3);
        var alices = new List<TestClient>();
        foreach (var node in nodes)
        {
            alices.Add(await node.ConnectAsync("p1", user: User("alice")));
        }

        var bob = await nodes[1].ConnectAsync("p1", user: User("bob"));

        var count = await nodes[2].Control.RevokeUserAccessAsync("alice", "p1", "Removed from project p1.");
        await nodes[0].PublishAsync("p1", 1);

        Assert.Equal(3, count);
        foreach (var alice in alices)
        {
            var notice = await alice.ReceiveAsync("unsubscribed");
            Assert.Equal("revoked", notice.GetProperty("reason").GetString());
            Assert.Equal("Removed from project p1.", notice.GetProperty("message").GetString());
            Assert.DoesNotContain(await alice.BarrierAsync(), m => m.GetProperty("type").GetString() == "event");
        }

        Assert.Equal([1L], await bob.ReceiveSeqsAsync(1));
        Assert.Equal([0, 1, 0], nodes.Select(node => node.Manager.GetSubscriberCount("p1")));
        Assert.Equal(0, await nodes[0].Control.RevokeUserAccessAsync("alice", "p1"));
    }

    [Fact]
    public async Task RedisRestarted_ControlThrowsWhileDown_ThenReachesEveryNodeAgain()
    {
        var (a, b) = (await StartNodesAsync(2)) is var n ? (n[0], n[1]) : default;
        var aliceOnA = await a.ConnectAsync(user: User("alice"));
        var aliceOnB = await b.ConnectAsync(user: User("alice"));
        Assert.Equal(2, await a.Control.SendToUserAsync("alice", "before", null));

        await Server.KillAsync();
        await a.WaitDisconnectedAsync();
        await Assert.ThrowsAsync<RedisConnectionException>(() => a.Control.SendToUserAsync("alice", "during", null));

        await Server.RestartAsync();
        await a.WaitConnectedAsync();
        await b.WaitConnectedAsync();

        // Each node's listening is restored by its own connection: a bounded number of round trips until both answer.
        var count = 0;
        for (var attempt = 0; attempt < 50 && count < 2; attempt++)
        {
            try
            {
                count = await a.Control.SendToUserAsync("alice", "after", new { attempt });
            }
            catch (RedisConnectionException)
            {
                await a.WaitConnectedAsync();
            }
        }

        Assert.Equal(2, count);
        foreach (var alice in new[] { aliceOnA, aliceOnB })
        {
            var events = (await alice.BarrierAsync()).Where(m => m.GetProperty("type").GetString() == "event").Select(m => m.GetProperty("event").GetString()).ToList();
            Assert.Equal("before", events[0]);
            Assert.DoesNotContain("during", events);
            Assert.Contains("after", events);
        }
    }
}
