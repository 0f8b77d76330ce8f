using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using ProjectSockets.StackExchangeRedis.Tests.Testing;

namespace ProjectSockets.StackExchangeRedis.Tests;

/// <summary>Presence across two and three nodes on a real redis-server: joins, leaves, a killed node, a restarted Redis.</summary>
public sealed class PresenceTests() : RedisServerPerTest(persistent: false, output: null)
{
    private static readonly TimeSpan Refresh = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan Lease = TimeSpan.FromSeconds(15);
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 27, 10, 0, 0, TimeSpan.Zero));

    [Fact]
    public async Task TwoNodes_SeeOnePresence_AndAnnounceJoinAndLeaveAcrossNodes()
    {
        var a = AddNode("a");
        var b = AddNode("b");
        var watcher = await a.ConnectAsync(query: "user=alice");
        await watcher.InvokeAsync("subscribe", "1", "p1", """{"presence":true}""");

        var joiner = await b.ConnectAsync("p1", "user=bob");
        var join = await watcher.ReceiveAsync("join");
        var presence = await joiner.InvokeAsync("presence", "1", "p1");
        await joiner.InvokeAsync("unsubscribe", "2", "p1");
        var leave = await watcher.ReceiveAsync("leave");

        Assert.Equal("bob", join.GetProperty("member").GetProperty("userId").GetString());
        Assert.Equal(joiner.Id, leave.GetProperty("member").GetProperty("connectionId").GetString());
        var data = presence.GetProperty("data");
        Assert.Equal(2, data.GetProperty("count").GetInt64());
        Assert.Equal(["alice", "bob"], data.GetProperty("members").EnumerateArray().Select(m => m.GetProperty("userId").GetString()).Order(StringComparer.Ordinal));
        Assert.Equal(1, await Presence(b).GetCountAsync("p1"));
        Assert.Equal([watcher.Id], (await Presence(b).GetMembersAsync("p1")).Select(m => m.ConnectionId));
    }

    [Fact]
    public async Task ThreeNodes_AKilledNodesMembersLeave_WhenItsLeaseEnds_AndNotBefore()
    {
        var a = AddNode("a");
        var b = AddNode("b");
        var c = AddNode("c");
        var watcher = await a.ConnectAsync();
        await watcher.InvokeAsync("subscribe", "1", "p1", """{"presence":true}""");
        var stays = await b.ConnectAsync("p1");
        await c.ConnectAsync("p1");
        await c.ConnectAsync("p1");
        Assert.Equal(3, (await ReceiveAsync(watcher, "join", 3)).Count);

        Store(c).Abandon();
        await StepAsync(Lease - Refresh, a, b);
        Assert.Equal(4, await Presence(a).GetCountAsync("p1"));
        await StepAsync(Refresh + Refresh, a, b);
        var leaves = await ReceiveAsync(watcher, "leave", 2);

        Assert.Equal(2, leaves.Count);
        Assert.Equal(2, await Presence(a).GetCountAsync("p1"));
        Assert.Equal(new[] { stays.Id, watcher.Id }.Order(StringComparer.Ordinal), (await Presence(b).GetMembersAsync("p1")).Select(m => m.ConnectionId).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task ARedisThatLostItsData_GetsEveryNodesMembersBack_AtTheNextRefresh()
    {
        var a = AddNode("a");
        var b = AddNode("b");
        var first = await a.ConnectAsync("p1");
        var second = await b.ConnectAsync("p1");
        await Task.WhenAll(Store(a).FlushAsync(), Store(b).FlushAsync());
        Assert.Equal(2, await Presence(a).GetCountAsync("p1"));

        await using (var admin = await RedisFixture.ConnectAdminAsync(Server.Configuration))
        {
            await admin.GetServers()[0].FlushAllDatabasesAsync();
        }

        Assert.Equal(0, await Presence(a).GetCountAsync("p1"));
        await StepAsync(Refresh, a, b);

        Assert.Equal(2, await Presence(b).GetCountAsync("p1"));
        Assert.Equal(new[] { first.Id, second.Id }.Order(StringComparer.Ordinal), (await Presence(b).GetMembersAsync("p1")).Select(m => m.ConnectionId).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task AfterRedisRestarts_PresenceIsAgainWhatTheNodesHold()
    {
        var a = AddNode("a");
        var b = AddNode("b");
        await a.ConnectAsync("p1");
        await b.ConnectAsync("p1");
        await b.ConnectAsync("p2");
        await Task.WhenAll(Store(a).FlushAsync(), Store(b).FlushAsync());

        await Server.KillAsync();
        await Server.RestartAsync();
        await a.WaitConnectedAsync();
        await b.WaitConnectedAsync();

        // The restart lost the projects' history, so the event store may close their subscribers with 4001 (they
        // resume elsewhere): whatever the nodes still hold is the truth presence must come back to.
        for (var round = 0; round < 10 && !await MatchesTruthAsync([a, b]); round++)
        {
            await StepAsync(Refresh, a, b);
        }

        Assert.True(await MatchesTruthAsync([a, b]));
    }

    [Fact]
    public async Task RandomJoinsAndLeaves_OnThreeNodes_EndWithThePresenceThatIsTrue()
    {
        var nodes = new[] { AddNode("a"), AddNode("b"), AddNode("c") };
        var random = new Random(1616);
        var open = new List<(TestNode Node, TestClient Client, HashSet<string> Projects)>();
        string[] projects = ["p1", "p2", "p3"];
        for (var step = 0; step < 80; step++)
        {
            var roll = random.Next(4);
            if (roll == 0 || open.Count == 0)
            {
                var node = nodes[random.Next(nodes.Length)];
                var project = projects[random.Next(projects.Length)];
                open.Add((node, await node.ConnectAsync(project), [project]));
                continue;
            }

            var (owner, client, followed) = open[random.Next(open.Count)];
            var target = projects[random.Next(projects.Length)];
            if (roll == 1)
            {
                await client.InvokeAsync("subscribe", $"s{step}", target);
                followed.Add(target);
            }
            else if (roll == 2)
            {
                await client.InvokeAsync("unsubscribe", $"u{step}", target);
                followed.Remove(target);
            }
            else
            {
                var disconnect = owner.Manager.DisconnectAsync(client.Id);
                await client.ReceiveUntilClosedAsync();
                await disconnect.WaitAsync(TestClient.Timeout);
                open.RemoveAll(entry => entry.Client == client);
            }
        }

        await Task.WhenAll(nodes.Select(n => Store(n).FlushAsync()));
        foreach (var project in projects)
        {
            var truth = open.Where(e => e.Projects.Contains(project)).Select(e => e.Client.Id).Order(StringComparer.Ordinal).ToList();
            foreach (var node in nodes)
            {
                Assert.Equal(truth.Count, await Presence(node).GetCountAsync(project));
                Assert.Equal(truth, (await Presence(node).GetMembersAsync(project)).Select(m => m.ConnectionId).Order(StringComparer.Ordinal));
            }
        }
    }

    private static async Task<List<System.Text.Json.JsonElement>> ReceiveAsync(TestClient client, string type, int count)
    {
        var found = new List<System.Text.Json.JsonElement>();
        while (found.Count < count)
        {
            var messages = await client.ReceiveUntilAsync(m => m.GetProperty("type").GetString() == type);
            found.Add(messages[^1]);
        }

        return found;
    }

    private static async Task<bool> MatchesTruthAsync(TestNode[] nodes)
    {
        foreach (var project in new[] { "p1", "p2" })
        {
            var truth = nodes.SelectMany(n => n.Manager.GetConnections(project)).Order(StringComparer.Ordinal).ToList();
            foreach (var node in nodes)
            {
                var members = (await Presence(node).GetMembersAsync(project)).Select(m => m.ConnectionId).Order(StringComparer.Ordinal).ToList();
                if (!truth.SequenceEqual(members) || await Presence(node).GetCountAsync(project) != truth.Count)
                {
                    return false;
                }
            }
        }

        return true;
    }

    private TestNode AddNode(string name)
        => Nodes.Add(
            name,
            o => o.Presence.Enabled = true,
            r =>
            {
                r.PresenceRefreshInterval = Refresh;
                r.PresenceLeaseTime = Lease;

                // Steps of fake time must not run the event store's safety net in these tests.
                r.VerifyInterval = Timeout.InfiniteTimeSpan;
            },
            _time,
            s => s.AddSingleton<IUserIdProvider>(new QueryUserIdProvider()));

    private static IProjectPresence Presence(TestNode node) => node.Services.GetRequiredService<IProjectPresence>();

    private static RedisPresenceStore Store(TestNode node) => (RedisPresenceStore)node.Services.GetRequiredService<IPresenceStore>();

    /// <summary>Moves time on by <paramref name="by"/> in refresh-sized steps, each waited for on every live node.</summary>
    private async Task StepAsync(TimeSpan by, params TestNode[] live)
    {
        for (var moved = TimeSpan.Zero; moved < by; moved += Refresh)
        {
            var targets = live.Select(n => (Store: Store(n), Next: Store(n).Refreshes + 1)).ToList();
            _time.Advance(Refresh);
            await Task.WhenAll(targets.Select(t => t.Store.WaitForRefreshesAsync(t.Next))).WaitAsync(TestClient.Timeout);
        }
    }

    private sealed class QueryUserIdProvider : IUserIdProvider
    {
        public string? GetUserId(ConnectionRequest request) => request.GetQueryValue("user");
    }
}
