// One of the three servers of the end-to-end comparison, started by the orchestrator as its own process:
//   dotnet ProjectSockets.Benchmarks.LoadTest.Server.dll --kind projectsockets|signalr|raw --port 5000
// Identical Kestrel settings for all three; the control endpoints are the same for all three.
using System.Diagnostics;
using System.Globalization;
using System.Net;
using ProjectSockets.Benchmarks.LoadTest.Server;

var kind = ReadArgument(args, "--kind") ?? "projectsockets";
var port = int.Parse(ReadArgument(args, "--port") ?? "5000", CultureInfo.InvariantCulture);
var lifetimeLimit = TimeSpan.FromSeconds(double.Parse(ReadArgument(args, "--max-seconds") ?? "900", CultureInfo.InvariantCulture));

using var sampler = args.Contains("--sample-allocations") ? new AllocationSampler() : null;

var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [] });
builder.Logging.ClearProviders();
builder.Logging.AddSimpleConsole().SetMinimumLevel(LogLevel.Warning);
builder.WebHost.ConfigureKestrel(options =>
{
    options.Listen(IPAddress.Loopback, port);
    options.AddServerHeader = false;
    options.Limits.MaxConcurrentConnections = null;
    options.Limits.MaxConcurrentUpgradedConnections = null;
});

switch (kind)
{
    case "projectsockets":
        ProjectSocketsBenchServer.Configure(builder);
        break;
    case "signalr":
        SignalRBenchServer.Configure(builder);
        break;
    case "raw":
        RawBenchServer.Configure(builder);
        break;
    default:
        Console.Error.WriteLine($"Unknown --kind {kind}: projectsockets, signalr or raw.");
        return 2;
}

var app = builder.Build();
switch (kind)
{
    case "projectsockets":
        ProjectSocketsBenchServer.Map(app);
        break;
    case "signalr":
        SignalRBenchServer.Map(app);
        break;
    default:
        RawBenchServer.Map(app);
        break;
}

app.MapGet("/control/stats", (HttpRequest request, IBenchServer server) =>
{
    var collect = request.Query["gc"] == "1";
    long? heap = null;
    if (collect)
    {
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        heap = GC.GetTotalMemory(forceFullCollection: true);
    }

    // Environment's figures rather than a Process object: reading them allocates next to nothing.
    return Results.Json(new ServerStats(
        Environment.CpuUsage.TotalTime.Ticks,
        GC.GetTotalAllocatedBytes(precise: true),
        Environment.WorkingSet,
        heap,
        server.Connections,
        GC.CollectionCount(0),
        GC.CollectionCount(2),
        Stopwatch.GetTimestamp(),
        System.Runtime.GCSettings.IsServerGC));
});

app.MapPost("/control/publish", async (HttpRequest request, IBenchServer server) =>
{
    var query = request.Query;
    var count = int.Parse(query["count"].FirstOrDefault() ?? "1000", CultureInfo.InvariantCulture);
    var projects = int.Parse(query["projects"].FirstOrDefault() ?? "1", CultureInfo.InvariantCulture);
    var size = int.Parse(query["size"].FirstOrDefault() ?? "256", CultureInfo.InvariantCulture);
    var rate = double.Parse(query["rate"].FirstOrDefault() ?? "0", CultureInfo.InvariantCulture);
    var names = Enumerable.Range(0, projects).Select(i => "p" + i.ToString(CultureInfo.InvariantCulture)).ToArray();

    // Published from a thread-pool thread of this process, not from the request: the same loop for every server.
    var result = await Task.Run(() => Publisher.RunAsync(server, names, count, size, rate));
    return Results.Json(result);
});

app.MapGet("/control/allocations", (HttpRequest request) =>
{
    var top = sampler?.Top(25).ToArray() ?? [];
    if (request.Query["clear"] == "1")
    {
        sampler?.Clear();
    }

    return Results.Json(top.Select(p => new { type = p.Key, bytes = p.Value }));
});

_ = Task.Delay(lifetimeLimit).ContinueWith(_ => app.Lifetime.StopApplication(), TaskScheduler.Default);
app.Lifetime.ApplicationStarted.Register(() => Console.WriteLine($"@listening {kind} {port}"));
await app.RunAsync();
return 0;

static string? ReadArgument(string[] args, string name)
{
    var index = Array.IndexOf(args, name);
    return index >= 0 && index + 1 < args.Length ? args[index + 1] : null;
}

internal sealed record ServerStats(long CpuTicks, long AllocatedBytes, long WorkingSet, long? HeapAfterGc, int Connections, int Gen0, int Gen2, long Timestamp, bool ServerGc);

internal sealed record PublishResult(long StartTimestamp, long EndTimestamp, int Published);

internal static class Publisher
{
    /// <summary>
    /// Publishes <paramref name="count"/> events round-robin over the projects, each awaited as the server's own API
    /// allows (SignalR and the raw server complete once every connection took the frame; ProjectSockets once it is
    /// queued). Rate 0: back to back. Otherwise paced at that many events per second.
    /// </summary>
    public static async Task<PublishResult> RunAsync(IBenchServer server, string[] projects, int count, int size, double rate)
    {
        // A periodic timer keeps the pace without drift and without allocating per event.
        using var pace = rate > 0 ? new PeriodicTimer(TimeSpan.FromSeconds(1 / rate)) : null;
        var start = Stopwatch.GetTimestamp();
        for (var i = 0; i < count; i++)
        {
            if (pace is not null && i > 0)
            {
                await pace.WaitForNextTickAsync();
            }

            var seq = (i / projects.Length) + 1;
            await server.PublishAsync(projects[i % projects.Length], BenchEvent.Create(seq, size));
        }

        return new PublishResult(start, Stopwatch.GetTimestamp(), count);
    }
}
