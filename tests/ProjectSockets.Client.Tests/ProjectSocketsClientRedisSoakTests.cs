using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using ProjectSockets.Client.Tests.Testing;
using StackExchange.Redis;
using Xunit.Abstractions;

namespace ProjectSockets.Client.Tests;

/// <summary>
/// A randomized soak of the client on a server backed by a real redis-server: a proxy cuts connections at random
/// moments (in the upgrade, between welcome and the resubscribe results, mid-stream), the server closes them (1011,
/// 4001), and Redis is killed and restarted while the client reconnects, so that resubscriptions meet
/// <c>handler_error</c>. Every published event must reach the application once and in order, unless the application
/// was told (<see cref="ProjectSocketsClient.RecoveryFailed"/> or <see cref="ProjectSocketsClient.SubscriptionFailed"/>).
/// Runs against each real host adapter: see the derived classes. The seed is printed; set PROJECTSOCKETS_SOAK_SEED to
/// replay one.
/// </summary>
public abstract class ProjectSocketsClientRedisSoakTests(TestHostKind host, ITestOutputHelper output)
{
    private static readonly TimeSpan Duration = TimeSpan.FromSeconds(8);
    private const int MaxEvents = 20_000;
    private const int RedisRestarts = 2;
    private static readonly string[] Projects = ["r1", "r2"];

    [Fact]
    public async Task RandomCutsAndRedisRestarts_EveryEventDeliveredOnceInOrderOrTheApplicationIsTold()
    {
        var seed = int.TryParse(Environment.GetEnvironmentVariable("PROJECTSOCKETS_SOAK_SEED"), out var fixedSeed) ? fixedSeed : Environment.TickCount;
        output.WriteLine($"{host}: seed {seed}");
        var random = new Random(seed);
        var cutRandom = new Random(seed + 1);

        // Persistent, so a restart keeps history: the client is expected to resume every project without loss.
        await using var redis = await RedisServer.StartAsync(persistent: true);
        await using var multiplexer = await RedisConnection.ConnectAsync(redis.Configuration);
        await using var server = await TestServer.StartAsync(
            host,
            o =>
            {
                o.History.MaxEvents = 2 * MaxEvents;
                o.History.MaxBytes = 256L * 1024 * 1024;
            },
            b => b.AddStackExchangeRedis(multiplexer, r => r.KeyPrefix = $"soak-{Guid.NewGuid():n}:"));
        await using var probe = await ClientProbe.ConnectAsync(server.Url());
        var progress = new SemaphoreSlim(0);
        using var onEvent = probe.Client.On("*", _ => progress.Release());
        var recoveries = new List<ProjectSocketsRecoveryFailedEventArgs>();
        var failures = new List<ProjectSocketsSubscriptionFailedEventArgs>();
        probe.Client.RecoveryFailed += (_, e) => Add(recoveries, e);
        probe.Client.SubscriptionFailed += (_, e) => Add(failures, e);
        await using var handled = await probe.Client.SubscribeAsync("r1");
        await using var streamed = await probe.Client.SubscribeAsync("r2", new SubscribeOptions { BufferEvents = true });
        var streamedEvents = new List<ProjectSocketsEvent>();
        var reader = Task.Run(async () =>
        {
            await foreach (var evt in streamed)
            {
                Add(streamedEvents, evt);
                progress.Release();
            }
        });

        var plannedCuts = new Dictionary<string, int> { ["after welcome"] = 0, ["after server bytes"] = 0 };
        var connections = 0;
        server.Proxy.Cut = () =>
        {
            lock (cutRandom)
            {
                // Every fourth connection from the second on is cut between welcome and resubscribe results, so that
                // even a short run (two Redis restarts drop the connection twice) meets that moment; the rest at random.
                var cut = connections++ % 4 == 1 ? new ProxyCut(AfterWelcome: true) : cutRandom.Next(10) switch
                {
                    < 1 => new ProxyCut(AfterWelcome: true),
                    < 3 => new ProxyCut(AfterServerBytes: cutRandom.Next(1, 8 * 1024)),
                    _ => null,
                };
                if (cut is not null)
                {
                    plannedCuts[cut.AfterWelcome ? "after welcome" : "after server bytes"]++;
                }

                return cut;
            }
        };

        var published = Projects.ToDictionary(p => p, _ => new List<(string Epoch, long Seq)>());
        var kills = new Dictionary<string, int> { ["dropped TCP"] = 0, ["close 1011"] = 0, ["close 4001"] = 0 };
        var restartAt = Enumerable.Range(1, RedisRestarts).Select(i => Duration * i / (RedisRestarts + 1)).ToList();
        var restarts = 0;
        var total = 0;
        var nextKill = random.Next(20, 150);
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < Duration && total < MaxEvents)
        {
            var project = Projects[random.Next(Projects.Length)];
            var result = await PublishAsync(server, multiplexer, project, total);
            published[project].Add((result.Epoch, result.Seq));
            total++;
            if (restarts < restartAt.Count && clock.Elapsed >= restartAt[restarts])
            {
                // Redis goes away and the client reconnects meanwhile: its resubscriptions meet handler_error.
                var subscribeFailures = server.Log.Count("SubscribeFailed");
                await redis.KillAsync();
                server.DropConnections();
                await server.Log.WaitForMoreThanAsync("SubscribeFailed", subscribeFailures);
                await redis.RestartAsync();
                restarts++;
                output.WriteLine($"restart {restarts} at {restartAt[restarts - 1].TotalSeconds:F1} s, {total} published, done at {clock.Elapsed.TotalSeconds:F1} s");
            }
            else if (total >= nextKill && probe.Client.ConnectionId is { } connectionId)
            {
                var how = kills.Keys.ElementAt(random.Next(kills.Count));
                kills[how]++;
                if (how == "dropped TCP")
                {
                    server.DropConnections();
                }
                else
                {
                    await server.Manager.DisconnectAsync(connectionId, how == "close 1011" ? ProtocolCloseCodes.InternalError : ProtocolCloseCodes.SlowConsumer, "soak");
                }

                nextKill = total + random.Next(20, 150);
            }

            if (total % 32 == 0)
            {
                // Leave the client room to run on a small machine.
                await Task.Yield();
            }
        }

        var publishSeconds = clock.Elapsed.TotalSeconds;
        server.Proxy.Cut = null;
        ApplicationReports reports;
        while (true)
        {
            while (progress.Wait(0))
            {
                // Many events per wake-up: look once they have all been counted.
            }

            reports = new ApplicationReports(Snapshot(recoveries), Snapshot(failures));
            if (CaughtUp(published, probe.Events, Snapshot(streamedEvents), reports) || !await progress.WaitAsync(ClientProbe.Timeout))
            {
                break;
            }
        }

        reports = new ApplicationReports(Snapshot(recoveries), Snapshot(failures));
        var checks = new Dictionary<string, SoakCheck>
        {
            ["r1 (handler)"] = SoakCheck.Of("r1", published["r1"], probe.Events.Where(e => e.Project == "r1"), reports),
            ["r2 (handler)"] = SoakCheck.Of("r2", published["r2"], probe.Events.Where(e => e.Project == "r2"), reports),
            ["r2 (stream)"] = SoakCheck.Of("r2", published["r2"], Snapshot(streamedEvents), reports),
        };
        output.WriteLine($"published {total} events in {publishSeconds:F1} s (r1 {published["r1"].Count}, r2 {published["r2"].Count}); Redis restarts {restarts}");
        output.WriteLine($"kills {string.Join(", ", kills.Select(k => $"{k.Key} {k.Value}"))}; upgrades {server.Upgrades}");
        lock (cutRandom)
        {
            output.WriteLine($"proxy cuts planned {string.Join(", ", plannedCuts.Select(k => $"{k.Key} {k.Value}"))}; made {server.Proxy.Cuts}");
        }

        output.WriteLine($"subscribes the server failed (answered handler_error) {server.Log.Count("SubscribeFailed")}; duplicates dropped by the client {probe.Client.DuplicatesDropped}");
        output.WriteLine($"RecoveryFailed {reports.Recoveries.Length}; SubscriptionFailed {reports.Failures.Length} ({string.Join(", ", reports.Failures.Select(f => $"{f.Project} {f.Code}"))})");
        foreach (var (name, check) in checks)
        {
            output.WriteLine($"{name}: {check}");
        }

        Assert.All(checks, check => Assert.True(check.Value.IsSound, $"seed {seed}, {check.Key}: {check.Value}"));
        Assert.Equal(RedisRestarts, restarts);
        Assert.True(server.Proxy.Cuts > 0, $"seed {seed}: the proxy cut no connection.");
        Assert.True(server.Log.Count("SubscribeFailed") > 0, $"seed {seed}: no resubscription met a transient answer.");
    }

    /// <summary>Publishes, waiting out a Redis that is restarting: the event counts only once the store took it.</summary>
    private static async Task<PublishResult> PublishAsync(TestServer server, IConnectionMultiplexer multiplexer, string project, int n)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await server.Publisher.PublishAsync(project, "tick", new { n });
            }
            catch (RedisException) when (attempt < 100)
            {
                await RedisConnection.WaitConnectedAsync(multiplexer);
                await Task.Yield();
            }
        }
    }

    /// <summary>Whether the last published event of each project reached the handlers and the stream, or was reported.</summary>
    private static bool CaughtUp(Dictionary<string, List<(string Epoch, long Seq)>> published, ProjectSocketsEvent[] handled, ProjectSocketsEvent[] streamed, ApplicationReports reports)
    {
        return Projects.All(p => Reached(p, handled)) && Reached("r2", streamed);

        bool Reached(string project, ProjectSocketsEvent[] events)
        {
            if (published[project] is not [.., var last])
            {
                return true;
            }

            var latest = events.LastOrDefault(e => e.Project == project);
            return (latest?.Epoch == last.Epoch && latest.Seq >= last.Seq) || reports.Covers(project, last.Epoch, last.Seq);
        }
    }

    private static void Add<T>(List<T> list, T item)
    {
        lock (list)
        {
            list.Add(item);
        }
    }

    private static T[] Snapshot<T>(List<T> list)
    {
        lock (list)
        {
            return [.. list];
        }
    }
}
