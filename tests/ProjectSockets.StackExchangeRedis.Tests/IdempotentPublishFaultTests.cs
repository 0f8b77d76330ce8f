using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using ProjectSockets.StackExchangeRedis.Tests.Testing;
using StackExchange.Redis;
using Xunit.Abstractions;

namespace ProjectSockets.StackExchangeRedis.Tests;

/// <summary>
/// Publishers that give up waiting after a random timeout and retry with the same publish id on a random node, while
/// Redis connections are dropped and Redis is killed and restarted (with an append-only file): every acknowledged
/// publish must be stored once, reach every subscriber on both nodes exactly once, and history must read back what
/// the subscribers saw. Set PROJECTSOCKETS_SEED to replay a run.
/// </summary>
public sealed class IdempotentPublishFaultTests(ITestOutputHelper output) : RedisServerPerTest(persistent: true, output: null)
{
    private const string Project = "orders";
    private const int PublishCount = 400;
    private const int Publishers = 3;

    [Fact]
    public async Task RetriesWithRandomTimeouts_DroppedConnectionsAndRedisRestarts_EveryPublishOnceEverywhere()
    {
        var seed = int.TryParse(Environment.GetEnvironmentVariable("PROJECTSOCKETS_SEED"), out var fixedSeed) ? fixedSeed : Random.Shared.Next();
        output.WriteLine($"seed {seed}");
        var random = new Random(seed);
        var stopwatch = Stopwatch.StartNew();
        var nodes = new[] { Nodes.Add("a", Roomy), Nodes.Add("b", Roomy) };
        var subscribers = new List<(string Name, TestClient Client)>();
        foreach (var (node, name) in nodes.Zip(["a", "b"]))
        {
            for (var i = 0; i < 2; i++)
            {
                subscribers.Add(($"{name}{i}", await node.ConnectAsync(Project)));
            }
        }

        var run = new Run();
        var next = -1;
        await Task.WhenAll(Enumerable.Range(0, Publishers).Select(p =>
        {
            var publisherRandom = new Random(random.Next());
            return Task.Run(async () =>
            {
                for (var id = Interlocked.Increment(ref next); id < PublishCount; id = Interlocked.Increment(ref next))
                {
                    if (id > 0 && id % (PublishCount / 4) == 0)
                    {
                        await (id / (PublishCount / 4) == 2 ? DropConnectionsAsync(run) : RestartRedisAsync(run));
                    }

                    run.Acknowledged[id] = await PublishWithRetriesAsync(nodes, publisherRandom, id, run);
                }
            });
        }));

        // Late completions of timed-out attempts are observed before anything is counted.
        await Task.WhenAll(run.Abandoned).WaitAsync(TestClient.Timeout);
        var head = (long)await (await nodes[0].Store.GetDatabaseAsync()).HashGetAsync(Nodes.Meta(Project), "seq");
        var expected = run.Acknowledged.ToDictionary(p => p.Value.Seq, p => p.Key);
        var duplicates = 0;
        foreach (var (name, client) in subscribers)
        {
            var seen = new Dictionary<long, int>();
            for (var i = 0; i < head; i++)
            {
                var message = await client.ReceiveAsync("event");
                var id = message.GetProperty("data").GetProperty("id").GetInt32();
                duplicates += seen.ContainsValue(id) ? 1 : 0;
                seen[message.GetProperty("seq").GetInt64()] = id;
            }

            output.WriteLine($"subscriber {name}: {seen.Count} events");
            Assert.Equal(expected.OrderBy(p => p.Key), seen.OrderBy(p => p.Key));
        }

        var history = nodes[1].Services.GetRequiredService<IProjectHistory>();
        var page = await history.ReadAsync(Project, new HistoryQuery(Since: 0, Limit: HistoryQuery.MaxLimit));
        var read = page.Events.ToDictionary(e => e.Seq, e => System.Text.Json.JsonDocument.Parse(e.Message).RootElement.GetProperty("data").GetProperty("id").GetInt32());

        output.WriteLine($"publishes acknowledged: {run.Acknowledged.Count} of {PublishCount}, events stored: {head}");
        output.WriteLine($"retries: {run.Retries} ({run.TimedOut} after a random timeout, {run.Failed} after a connection error), of which answered as duplicates: {run.Duplicates}");
        output.WriteLine($"faults: {run.Restarts} Redis kill and restart(s), {run.Drops} drop(s) of every connection");
        output.WriteLine($"subscribers: {subscribers.Count} on 2 nodes, duplicates seen: {duplicates}, history read back: {read.Count} events, complete={page.Complete}, elapsed: {stopwatch.Elapsed.TotalSeconds:F1} s");
        Assert.Equal(PublishCount, run.Acknowledged.Count);
        Assert.Equal(PublishCount, head);
        Assert.Equal(0, duplicates);
        Assert.True(page.Complete);
        Assert.Equal(expected.OrderBy(p => p.Key), read.OrderBy(p => p.Key));
        Assert.True(run.Retries > 0, "No publish was retried: the run tested nothing.");
    }

    private static async Task<PublishResult> PublishWithRetriesAsync(TestNode[] nodes, Random random, int id, Run run)
    {
        var options = new PublishOptions { IdempotencyKey = $"order-{id}" };
        for (var attempt = 0; attempt < 200; attempt++)
        {
            var node = nodes[random.Next(nodes.Length)];
            var publish = node.Publisher.PublishAsync(Project, "order", new { id }, options).AsTask();

            // A third of the attempts give up waiting early, as a publisher with a short timeout would.
            var patience = random.Next(3) == 0 ? TimeSpan.FromMilliseconds(random.Next(0, 3)) : TestClient.Timeout;
            try
            {
                var result = await publish.WaitAsync(patience);
                if (result.Duplicate)
                {
                    Interlocked.Increment(ref run.Duplicates);
                }

                return result;
            }
            catch (TimeoutException)
            {
                run.Abandoned.Add(publish.ContinueWith(static _ => { }, TaskScheduler.Default));
                Interlocked.Increment(ref run.TimedOut);
            }
            catch (Exception exception) when (exception is RedisConnectionException or RedisTimeoutException)
            {
                Interlocked.Increment(ref run.Failed);
                await node.WaitConnectedAsync();
            }

            Interlocked.Increment(ref run.Retries);
        }

        throw new InvalidOperationException($"Publish {id} never succeeded.");
    }

    private async Task DropConnectionsAsync(Run run)
    {
        await using var admin = await RedisFixture.ConnectAdminAsync(Server.Configuration);
        var server = admin.GetServers()[0];
        await server.ExecuteAsync("CLIENT", "KILL", "SKIPME", "yes", "TYPE", "normal");
        await server.ExecuteAsync("CLIENT", "KILL", "SKIPME", "yes", "TYPE", "pubsub");
        Interlocked.Increment(ref run.Drops);
    }

    private async Task RestartRedisAsync(Run run)
    {
        await Server.KillAsync();
        await Server.RestartAsync();
        Interlocked.Increment(ref run.Restarts);
    }

    private static void Roomy(ProjectSocketsOptions options)
    {
        options.SendQueue.MaxMessages = 1_000_000;
        options.SendQueue.MaxBytes = 1L << 30;
        options.History.MaxEvents = 1_000_000;
        options.History.MaxBytes = 1L << 30;
        options.Heartbeat.Interval = TimeSpan.FromHours(1);
        options.Heartbeat.Timeout = TimeSpan.FromHours(2);
    }

    private sealed class Run
    {
        public readonly ConcurrentDictionary<int, PublishResult> Acknowledged = new();
        public readonly ConcurrentBag<Task> Abandoned = [];
        public long Retries;
        public long TimedOut;
        public long Failed;
        public long Duplicates;
        public int Drops;
        public int Restarts;
    }
}
