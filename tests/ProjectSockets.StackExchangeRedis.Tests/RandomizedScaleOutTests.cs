using System.Diagnostics;
using ProjectSockets.StackExchangeRedis.Tests.Testing;
using StackExchange.Redis;
using Xunit.Abstractions;

namespace ProjectSockets.StackExchangeRedis.Tests;

/// <summary>
/// Three nodes, four projects (two differ only in case), concurrent publishers on every node, Redis connections
/// dropped and Redis itself killed and restarted mid-stream (with an append-only file, so nothing acknowledged is
/// lost), and notifications lost on purpose: every subscriber must see every event exactly once, in order.
/// Set PROJECTSOCKETS_SEED to replay a run.
/// </summary>
public sealed class RandomizedScaleOutTests(ITestOutputHelper output) : RedisServerPerTest(persistent: true, output: null)
{
    private const int EventCount = 3000;
    private const int NodeCount = 3;
    private const int Disruptions = 3;
    private static readonly string[] Projects = ["alpha", "Alpha", "beta", "gamma"];

    [Fact]
    public async Task ThreeNodes_DroppedConnectionsRedisRestartAndLostNotifications_EverySubscriberSeesEveryEventOnceInOrder()
    {
        var seed = int.TryParse(Environment.GetEnvironmentVariable("PROJECTSOCKETS_SEED"), out var fixedSeed) ? fixedSeed : Random.Shared.Next();
        output.WriteLine($"seed {seed}");
        var random = new Random(seed);
        var stopwatch = Stopwatch.StartNew();
        var nodes = Enumerable.Range(0, NodeCount).Select(i => Nodes.Add($"n{i}", Roomy)).ToArray();

        // Every node has a subscriber of every project; they read once publishing is over (in-memory clients buffer).
        var subscribers = new List<(string Name, string Project, long Start, TestClient Client)>();
        for (var n = 0; n < nodes.Length; n++)
        {
            foreach (var project in Projects)
            {
                var client = await nodes[n].ConnectAsync(project);
                subscribers.Add(($"n{n}/{project}", project, WelcomeSeq(client), client));
            }
        }

        // One more reads as it goes, leaves node 0 midway and resumes on the last node. It subscribes while the
        // publishers start, so its welcome may already be past seq 0: it must see every event after its welcome.
        var roaming = RoamAsync(nodes[0], nodes[NodeCount - 1], "alpha", seenBeforeMoving: 50);

        var counters = new Counters();
        await Task.WhenAll(Enumerable.Range(0, NodeCount)
            .Select(i => PublishAsync(nodes, new Random(random.Next()), EventCount / NodeCount, counters, disrupt: i == 0)));

        // A last announced event per project: a lost notification at the very end is then found as a gap too.
        foreach (var project in Projects)
        {
            await PublishWithRetryAsync(nodes[0], project, -1, counters);
        }

        var heads = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var project in Projects)
        {
            heads[project] = (long)await (await nodes[0].Store.GetDatabaseAsync()).HashGetAsync(Nodes.Meta(project), "seq");
        }

        var seen = new List<(string Name, string Project, long Start, List<long> Seqs)>();
        foreach (var (name, project, start, client) in subscribers)
        {
            seen.Add((name, project, start, await client.ReceiveSeqsAsync((int)(heads[project] - start))));
        }

        var (roamerStart, beforeMoving, moved, recovered) = await roaming;
        var roamerSeqs = beforeMoving.Concat(await moved.ReceiveSeqsAsync((int)(heads["alpha"] - beforeMoving[^1]))).ToList();
        seen.Add(($"roamer n0->n{NodeCount - 1}/alpha", "alpha", roamerStart, roamerSeqs));

        var losses = 0L;
        var duplicates = 0L;
        foreach (var (_, project, start, seqs) in seen)
        {
            var expected = Enumerable.Range((int)start + 1, (int)(heads[project] - start)).Select(i => (long)i).ToList();
            losses += expected.Except(seqs).Count();
            duplicates += seqs.Count - seqs.Distinct().Count();
        }

        var stats = nodes.Select(n => n.Store.Statistics).ToArray();
        output.WriteLine($"events published (acknowledged): {counters.Acknowledged}, of which with a lost notification: {counters.Silent}");
        output.WriteLine($"publishes that failed while a connection was down (retried): {counters.Failed}");
        output.WriteLine($"nodes: {NodeCount}, projects: {Projects.Length}, subscribers: {seen.Count} (one resumed on another node midway: recovered={recovered})");
        output.WriteLine($"disruptions: {counters.Drops} drop(s) of every node's Redis connections, {counters.Restarts} Redis kill and restart(s)");
        output.WriteLine($"gaps found: {stats.Sum(s => s.GapsDetected)}, filled from history: {stats.Sum(s => s.GapsFilled)}, reconnect checks that filled: {stats.Sum(s => s.CatchUpsFilled)}, events delivered from history: {stats.Sum(s => s.EventsFromHistory)}, resets: {stats.Sum(s => s.Resets)}");
        output.WriteLine($"events received: {seen.Sum(s => s.Seqs.Count)}, losses: {losses}, duplicates: {duplicates}, elapsed: {stopwatch.Elapsed.TotalSeconds:F1} s");
        foreach (var (name, project, start, seqs) in seen)
        {
            output.WriteLine($"checking subscriber {name}: welcome seq {start}, head {heads[project]}");
            Assert.Equal(Enumerable.Range((int)start + 1, (int)(heads[project] - start)).Select(i => (long)i), seqs);
        }

        Assert.True(recovered);
        Assert.Equal(0, stats.Sum(s => s.Resets));
        Assert.True(counters.Silent == 0 || stats.Sum(s => s.EventsFromHistory) > 0, "Lost notifications were never filled from history.");
    }

    private static long WelcomeSeq(TestClient client) => client.Welcome.GetProperty("subscriptions")[0].GetProperty("seq").GetInt64();

    private static async Task<(long Start, List<long> BeforeMoving, TestClient Moved, bool Recovered)> RoamAsync(TestNode from, TestNode to, string project, int seenBeforeMoving)
    {
        var client = await from.ConnectAsync(project);
        var start = WelcomeSeq(client);
        var seqs = new List<long>();
        var epoch = string.Empty;
        while (seqs.Count < seenBeforeMoving)
        {
            var message = await client.ReceiveAsync("event");
            seqs.Add(message.GetProperty("seq").GetInt64());
            epoch = message.GetProperty("epoch").GetString()!;
        }

        await client.CloseAsync();
        var moved = await to.ConnectAsync(project, $"since={seqs[^1]}&epoch={epoch}");
        return (start, seqs, moved, moved.Welcome.GetProperty("subscriptions")[0].GetProperty("recovered").GetBoolean());
    }

    private static void Roomy(ProjectSocketsOptions options)
    {
        // The test checks delivery, not back-pressure: nothing may be trimmed or overflow.
        options.SendQueue.MaxMessages = 1_000_000;
        options.SendQueue.MaxBytes = 1L << 30;
        options.History.MaxEvents = 1_000_000;
        options.History.MaxBytes = 1L << 30;

        // Nor heartbeats: on a loaded machine the run can outlast an interval, and a ping would sit among the events.
        options.Heartbeat.Interval = TimeSpan.FromHours(1);
        options.Heartbeat.Timeout = TimeSpan.FromHours(2);
    }

    private async Task PublishAsync(TestNode[] nodes, Random random, int count, Counters counters, bool disrupt)
    {
        var every = count / (Disruptions + 1);
        for (var i = 0; i < count; i++)
        {
            if (disrupt && i > 0 && i % every == 0 && i / every <= Disruptions)
            {
                // Drop, restart, drop: the middle one kills Redis itself.
                await (i / every == 2 ? RestartRedisAsync(counters) : DropConnectionsAsync(counters));
            }

            var node = nodes[random.Next(nodes.Length)];
            var project = Projects[random.Next(Projects.Length)];
            if (random.Next(100) < 3)
            {
                await AppendSilentlyWithRetryAsync(node, project, i, counters);
            }
            else
            {
                await PublishWithRetryAsync(node, project, i, counters);
            }
        }
    }

    private async Task DropConnectionsAsync(Counters counters)
    {
        await using var admin = await RedisFixture.ConnectAdminAsync(Server.Configuration);
        var server = admin.GetServers()[0];
        await server.ExecuteAsync("CLIENT", "KILL", "SKIPME", "yes", "TYPE", "normal");
        await server.ExecuteAsync("CLIENT", "KILL", "SKIPME", "yes", "TYPE", "pubsub");
        counters.Drops++;
    }

    private async Task RestartRedisAsync(Counters counters)
    {
        await Server.KillAsync();
        await Server.RestartAsync();
        counters.Restarts++;
    }

    private static async Task PublishWithRetryAsync(TestNode node, string project, int value, Counters counters)
    {
        for (var attempt = 0; attempt < 100; attempt++)
        {
            try
            {
                await node.PublishAsync(project, value);
                Interlocked.Increment(ref counters.Acknowledged);
                return;
            }
            catch (Exception exception) when (exception is RedisConnectionException or RedisTimeoutException)
            {
                Interlocked.Increment(ref counters.Failed);
                await node.WaitConnectedAsync();
            }
        }

        Assert.Fail("Publishing never recovered after a dropped connection.");
    }

    private static async Task AppendSilentlyWithRetryAsync(TestNode node, string project, int value, Counters counters)
    {
        for (var attempt = 0; attempt < 100; attempt++)
        {
            try
            {
                await NodeSet.AppendWithoutNotificationAsync(node, project, value);
                Interlocked.Increment(ref counters.Acknowledged);
                Interlocked.Increment(ref counters.Silent);
                return;
            }
            catch (Exception exception) when (exception is RedisConnectionException or RedisTimeoutException)
            {
                Interlocked.Increment(ref counters.Failed);
                await node.WaitConnectedAsync();
            }
        }

        Assert.Fail("Appending never recovered after a dropped connection.");
    }

    private sealed class Counters
    {
        public long Acknowledged;
        public long Silent;
        public long Failed;
        public int Drops;
        public int Restarts;
    }
}
