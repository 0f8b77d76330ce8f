using System.Diagnostics;
using ProjectSockets.Client.Tests.Testing;
using Xunit.Abstractions;

namespace ProjectSockets.Client.Tests;

/// <summary>Runs against each real host adapter: see the derived classes.</summary>
public abstract class ProjectSocketsClientSoakTests(TestHostKind host, ITestOutputHelper output)
{
    private static readonly TimeSpan Duration = TimeSpan.FromSeconds(6);
    private const int MaxEvents = 60_000;

    [Fact]
    public async Task RandomKills_WhilePublishing_EveryEventSeenOnceInOrder()
    {
        await using var server = await TestServer.StartAsync(host, o =>
        {
            o.History.MaxEvents = MaxEvents;
            o.History.MaxBytes = 256L * 1024 * 1024;
        });
        await using var probe = await ClientProbe.ConnectAsync(server.Url("s1"));
        var connectionsLost = 0;
        probe.Client.StateChanged += (_, e) =>
        {
            if (e.State == ProjectSocketsClientState.Reconnecting)
            {
                Interlocked.Increment(ref connectionsLost);
            }
        };
        await using var handled = await probe.Client.SubscribeAsync("s2");
        await using var streamed = await probe.Client.SubscribeAsync("s3", new SubscribeOptions { BufferEvents = true });
        var streamedSeqs = new List<long>();
        var streamedSignal = new SemaphoreSlim(0);
        var reader = Task.Run(async () =>
        {
            await foreach (var evt in streamed)
            {
                lock (streamedSeqs)
                {
                    streamedSeqs.Add(evt.Seq!.Value);
                }

                streamedSignal.Release();
            }
        });

        var seed = Environment.TickCount;
        var random = new Random(seed);
        string[] projects = ["s1", "s2", "s3"];
        var published = new Dictionary<string, long> { ["s1"] = 0, ["s2"] = 0, ["s3"] = 0 };
        var kills = new Dictionary<string, int> { ["close 1011"] = 0, ["close 4001"] = 0, ["dropped TCP"] = 0 };
        var closing = new List<Task>();
        var total = 0;
        var nextKill = random.Next(50, 500);
        string? lastKilled = null;
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < Duration && total < MaxEvents)
        {
            var project = projects[random.Next(projects.Length)];
            await server.Publisher.PublishAsync(project, "tick", new { n = total });
            published[project]++;
            total++;
            // Each kill hits a connection the client opened since the last one.
            if (total >= nextKill && probe.Client.ConnectionId is { } connectionId && connectionId != lastKilled)
            {
                lastKilled = connectionId;
                var how = kills.Keys.ElementAt(random.Next(kills.Count));
                kills[how]++;
                switch (how)
                {
                    case "dropped TCP":
                        server.DropConnections();
                        break;
                    default:
                        closing.Add(server.Manager.DisconnectAsync(connectionId, how == "close 1011" ? ProtocolCloseCodes.InternalError : ProtocolCloseCodes.SlowConsumer, "soak"));
                        break;
                }

                nextKill = total + random.Next(50, 500);
            }

            if (total % 32 == 0)
            {
                // Leave the client room to run on a small machine.
                await Task.Yield();
            }
        }

        var publishSeconds = clock.Elapsed.TotalSeconds;
        await Task.WhenAll(closing).WaitAsync(ClientProbe.Timeout);
        var s1 = await probe.WaitForEventsAsync("s1", (int)published["s1"]);
        var s2 = await probe.WaitForEventsAsync("s2", (int)published["s2"]);
        while (Count(streamedSeqs) < published["s3"])
        {
            Assert.True(await streamedSignal.WaitAsync(ClientProbe.Timeout), "The stream stalled.");
        }

        var checks = new Dictionary<string, DeliveryCheck>
        {
            ["s1 (route, handler)"] = DeliveryCheck.Of(s1.Select(e => e.Seq!.Value), published["s1"]),
            ["s2 (handler)"] = DeliveryCheck.Of(s2.Select(e => e.Seq!.Value), published["s2"]),
            ["s3 (handler)"] = DeliveryCheck.Of(probe.Events.Where(e => e.Project == "s3").Select(e => e.Seq!.Value), published["s3"]),
            ["s3 (stream)"] = DeliveryCheck.Of(Snapshot(streamedSeqs), published["s3"]),
        };
        output.WriteLine($"{host}: seed {seed}; published {total} events in {publishSeconds:F1} s (s1 {published["s1"]}, s2 {published["s2"]}, s3 {published["s3"]})");
        output.WriteLine($"connections killed {kills.Values.Sum()} ({string.Join(", ", kills.Select(k => $"{k.Key} {k.Value}"))}); connections lost as the client saw it {connectionsLost}; upgrades {server.Upgrades}");
        output.WriteLine($"duplicates dropped by the client around resumes {probe.Client.DuplicatesDropped}");
        foreach (var (name, check) in checks)
        {
            output.WriteLine($"{name}: seen {check.Seen}, duplicates {check.Duplicates}, gaps {check.Gaps}, out of order {check.OutOfOrder}");
        }

        Assert.All(checks.Values, check => Assert.True(check.IsExact, check.ToString()));
        Assert.False(probe.TryTakeRecoveryFailed(out _));
        Assert.True(kills.Values.Sum() > 0);
    }

    private static int Count(List<long> seqs)
    {
        lock (seqs)
        {
            return seqs.Count;
        }
    }

    private static long[] Snapshot(List<long> seqs)
    {
        lock (seqs)
        {
            return [.. seqs];
        }
    }
}
