using System.Diagnostics;

namespace ProjectSockets.Benchmarks.LoadTest.Orchestrator;

/// <summary>
/// Runs every scenario on every server, round after round; the order of the servers rotates from round to round so
/// that none always runs first or last. Every server process and worker process is killed when its part ends.
/// </summary>
internal sealed class Runner(Settings settings)
{
    public List<Measurement> Measurements { get; } = [];

    public async Task RunAsync()
    {
        for (var round = 1; round <= settings.Rounds; round++)
        {
            var servers = settings.Servers.Skip((round - 1) % settings.Servers.Count)
                .Concat(settings.Servers.Take((round - 1) % settings.Servers.Count)).ToArray();
            foreach (var kind in servers)
            {
                await RunFanOutAsync(kind, round);
                if (settings.Scenarios.Contains(Scenario.Idle))
                {
                    await RunIdleAsync(kind, round);
                }
            }
        }
    }

    private async Task RunFanOutAsync(string kind, int round)
    {
        var one = settings.Scenarios.Contains(Scenario.Saturated) || settings.Scenarios.Contains(Scenario.Paced);
        var many = settings.Scenarios.Contains(Scenario.ManyProjects);
        if (!one && !many)
        {
            return;
        }

        await using var server = await ServerProcess.StartAsync(kind, settings.ServerPlacement, settings.SampleAllocations);
        if (one)
        {
            await using var clients = await ConnectAsync(server, settings.Clients, projects: 1);
            if (settings.Scenarios.Contains(Scenario.Saturated))
            {
                await MeasureAsync(Scenario.Saturated, server, clients, round, settings.SaturatedEvents, projects: 1, rate: 0, settings.SaturatedEvents);
            }

            if (settings.Scenarios.Contains(Scenario.Paced))
            {
                await MeasureAsync(Scenario.Paced, server, clients, round, settings.PacedEvents, projects: 1, settings.PacedRate, Math.Max(1, settings.PacedEvents / 10));
            }
        }

        if (many)
        {
            await using var clients = await ConnectAsync(server, settings.Clients, settings.ManyProjects);
            await MeasureAsync(Scenario.ManyProjects, server, clients, round, settings.ManyProjectsEvents, settings.ManyProjects, rate: 0, settings.ManyProjectsEvents);
        }
    }

    private async Task<WorkerGroup> ConnectAsync(ServerProcess server, int clients, int projects, int firstSource = 2, int already = 0)
    {
        var group = await WorkerGroup.StartAsync(server, settings.ClientPlacement, clients, projects, settings.Workers, firstSource, already);
        if (group.Failed > 0)
        {
            Log($"  {server.Kind}: {group.Failed} of {clients} connections failed");
        }

        await server.WaitForConnectionsAsync(already + group.Connected, TimeSpan.FromSeconds(60));
        return group;
    }

    /// <param name="warmUpEvents">
    /// Published back to back first and not measured: JIT tiers, the thread pool, and each server's buffers and pools
    /// reach the size the measured run needs, so that the measurement sees steady state, not growth.
    /// </param>
    private async Task MeasureAsync(string scenario, ServerProcess server, WorkerGroup clients, int round, int events, int projects, double rate, int warmUpEvents = 0)
    {
        var isWarmUp = warmUpEvents < 0;
        if (warmUpEvents > 0)
        {
            await MeasureAsync(scenario, server, clients, round, warmUpEvents, projects, rate: 0, warmUpEvents: -1);
        }

        await clients.ResetAsync();
        if (settings.SampleAllocations)
        {
            await server.TakeAllocationsAsync();
        }

        var load = LoadAverage();
        var before = await server.StatsAsync();
        var publish = await server.PublishAsync(events, projects, settings.EventBytes, rate);
        long expected = (long)events * (clients.Connected / projects);

        // Wait until every delivery arrived, or until nothing more arrives for 3 seconds.
        List<WorkerReport> reports;
        var stalledSince = Stopwatch.StartNew();
        long seen = -1;
        while (true)
        {
            reports = await clients.ReportAsync();
            var inOrder = reports.Sum(r => r.InOrder);
            if (inOrder >= expected)
            {
                break;
            }

            if (inOrder != seen)
            {
                seen = inOrder;
                stalledSince.Restart();
            }
            else if (stalledSince.Elapsed > TimeSpan.FromSeconds(3))
            {
                break;
            }

            await Task.Delay(100);
        }

        var after = await server.StatsAsync();
        var histogram = new LatencyHistogram();
        foreach (var report in reports)
        {
            histogram.Add(report.Histogram, report.MaxLatencyMicros);
        }

        var delivered = reports.Sum(r => r.InOrder);
        var events_ = reports.Sum(r => r.Events);
        var last = reports.Max(r => r.LastReceive);
        var seconds = (double)(last - publish.StartTimestamp) / Stopwatch.Frequency;
        var publishSeconds = (double)(publish.EndTimestamp - publish.StartTimestamp) / Stopwatch.Frequency;
        var serverCpu = (after.CpuTicks - before.CpuTicks) / 10.0;
        var clientCpu = reports.Sum(r => r.CpuTicks) / 10.0;
        var metrics = new Dictionary<string, double>
        {
            [Metric.DeliveriesPerSecond] = delivered / seconds,
            [Metric.P50] = histogram.Quantile(0.50) / 1000,
            [Metric.P99] = histogram.Quantile(0.99) / 1000,
            [Metric.Max] = histogram.Max / 1000.0,
            [Metric.Lost] = Math.Max(0, expected - delivered),
            [Metric.OutOfOrder] = reports.Sum(r => r.OutOfOrder),
            [Metric.PublishedPerSecond] = publish.Published / Math.Max(1e-6, publishSeconds),
            [Metric.CpuPerDelivery] = serverCpu / Math.Max(1, events_),
            [Metric.ServerBusy] = serverCpu / 10_000.0 / Math.Max(1e-6, (double)(after.Timestamp - before.Timestamp) / Stopwatch.Frequency),
            [Metric.ClientCpuPerDelivery] = clientCpu / Math.Max(1, events_),
            [Metric.AllocatedPerDelivery] = (double)(after.AllocatedBytes - before.AllocatedBytes) / Math.Max(1, events_),
            [Metric.EventsPerFrame] = (double)events_ / Math.Max(1, reports.Sum(r => r.Frames)),
            [Metric.WorkingSet] = after.WorkingSet / 1048576.0,
            [Metric.Closed] = reports.Sum(r => r.Closed),
            [Metric.Load] = load,
        };
        if (isWarmUp)
        {
            return;
        }

        if (settings.SampleAllocations)
        {
            Console.WriteLine($"allocations sampled in {scenario} on {server.Kind} (about one sample per 100 KB), per delivery:");
            foreach (var sample in await server.TakeAllocationsAsync())
            {
                Console.WriteLine(FormattableString.Invariant($"  {sample.Bytes / (double)Math.Max(1, events_),10:F2} B  {sample.Type}"));
            }
        }

        Record(scenario, server.Kind, round, metrics);
    }

    /// <summary>
    /// Idle connections: memory per connection at the first count, then at the second, each after the connection
    /// storm has settled, and CPU over a window at the second count (heartbeats run in it). The window starts after
    /// a settling time because a freshly started process spends its first seconds compiling its hot paths.
    /// </summary>
    private async Task RunIdleAsync(string kind, int round)
    {
        await using var server = await ServerProcess.StartAsync(kind, settings.ServerPlacement, settings.SampleAllocations);
        var empty = await server.StatsAsync(collect: true);
        var metrics = new Dictionary<string, double> { [Metric.Load] = LoadAverage() };

        await using var first = await ConnectAsync(server, settings.IdleFirst, projects: 1);
        await Task.Delay(TimeSpan.FromSeconds(2));
        MeasureMemory(await server.StatsAsync(collect: true), empty, settings.IdleFirst, metrics);

        // The second part comes from other source addresses, so that ephemeral ports do not run out.
        var rest = settings.IdleSecond - settings.IdleFirst;
        await using var second = await ConnectAsync(server, rest, projects: 1, firstSource: 2 + settings.Workers, already: first.Connected);
        await Task.Delay(settings.IdleSettle);

        var before = await server.StatsAsync();
        var clock = Stopwatch.StartNew();
        await Task.Delay(settings.IdleWindow);
        var after = await server.StatsAsync();
        metrics[Metric.IdleCpu(settings.IdleSecond)] = (after.CpuTicks - before.CpuTicks) / (double)clock.Elapsed.Ticks * 100;
        MeasureMemory(await server.StatsAsync(collect: true), empty, settings.IdleSecond, metrics);

        long pings = 0, closed = 0;
        foreach (var report in (await first.ReportAsync()).Concat(await second.ReportAsync()))
        {
            pings += report.Pings;
            closed += report.Closed;
        }

        metrics[Metric.Pings] = pings;
        metrics[Metric.Closed] = closed;
        Record(Scenario.Idle, kind, round, metrics);
    }

    private static void MeasureMemory(ServerStats full, ServerStats empty, int connections, Dictionary<string, double> metrics)
    {
        var held = full.Connections;
        metrics[Metric.Held(connections)] = held;
        metrics[Metric.HeapPerConnection(connections)] = (double)(full.HeapAfterGc!.Value - empty.HeapAfterGc!.Value) / held;
        metrics[Metric.WorkingSetPerConnection(connections)] = (full.WorkingSet - empty.WorkingSet) / 1024.0 / held;
    }

    private void Record(string scenario, string server, int round, Dictionary<string, double> metrics)
    {
        Measurements.Add(new Measurement(scenario, server, round, metrics));
        Log($"round {round} {scenario,-10} {server,-15} " + string.Join("  ", metrics.Select(m => $"{m.Key}={Metric.Format(m.Key, m.Value)}")));
    }

    /// <summary>The machine's one-minute load average, or NaN where there is none.</summary>
    public static double LoadAverage()
        => File.Exists("/proc/loadavg")
            ? double.Parse(File.ReadAllText("/proc/loadavg").Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture)
            : double.NaN;

    private static void Log(string line) => Console.Error.WriteLine($"[{DateTime.Now:HH:mm:ss}] {line}");
}
