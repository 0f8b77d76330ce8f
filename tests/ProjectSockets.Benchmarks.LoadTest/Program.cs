// End-to-end comparison of ProjectSockets, ASP.NET Core SignalR and a raw WebSocket server on loopback.
//   dotnet run -c Release --project tests/ProjectSockets.Benchmarks.LoadTest -- --scenario all --rounds 5
//   ... -- --quick                      a smoke run of every scenario, about 1-2 minutes
//   ... -- --scenario saturated,paced --servers projectsockets,signalr
// The program also runs as a client worker ("worker ..."), which the orchestrator starts itself.
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text.Json;
using ProjectSockets.Benchmarks.LoadTest;
using ProjectSockets.Benchmarks.LoadTest.Orchestrator;
using ProjectSockets.Benchmarks.LoadTest.Worker;

if (args.Length > 0 && args[0] == "worker")
{
    return await WorkerMain.RunAsync(new Arguments(args.Skip(1)));
}

if (Environment.GetEnvironmentVariable(ChildProcess.ChildMarker) is not null)
{
    Console.Error.WriteLine("A load test child process was asked to run a load test: refusing.");
    return 2;
}

var settings = Settings.From(new Arguments(args));
var started = DateTime.Now;
var loadBefore = LoadAverage();
Console.Error.WriteLine($"Load test: {settings.Rounds} round(s), scenarios {string.Join(',', settings.Scenarios)}, servers {string.Join(',', settings.Servers)}; load average {loadBefore}");

var runner = new Runner(settings);
try
{
    await runner.RunAsync();
}
finally
{
    var header = string.Create(CultureInfo.InvariantCulture, $"""
        ## End-to-end results ({started:yyyy-MM-dd HH:mm})

        - Machine: {Environment.ProcessorCount} cores, {RuntimeInformation.OSDescription}, {RuntimeInformation.FrameworkDescription}; servers and client workers on the same machine over loopback.
        - Servers: Release, Kestrel on 127.0.0.1 with identical settings, {(settings.ServerGc ? "Server GC (ASP.NET Core's default)" : "workstation GC")}; {settings.Workers} client worker processes (workstation GC).
        - Cores: {(settings.Cores.Server is null ? "not pinned: servers and clients share every core" : $"server pinned to core {settings.Cores.Server}, clients to core(s) {settings.Cores.Clients} (taskset)")}.
        - Command: `dotnet run -c Release --project tests/ProjectSockets.Benchmarks.LoadTest -- {string.Join(' ', args)}`
        - Rounds: {settings.Rounds}; cells are median (min–max) over rounds; load average before {loadBefore}, after {LoadAverage()}; took {(DateTime.Now - started).TotalMinutes:0.0} min.


        """);
    var markdown = Report.Build(runner.Measurements, settings, header);
    Console.WriteLine(markdown);

    var folder = Path.Combine(FindRoot(), "BenchmarkDotNet.Artifacts", "loadtest");
    Directory.CreateDirectory(folder);
    var stamp = started.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture);
    await File.WriteAllTextAsync(Path.Combine(folder, $"report-{stamp}.md"), markdown);
    await File.WriteAllTextAsync(Path.Combine(folder, $"measurements-{stamp}.json"),
        JsonSerializer.Serialize(runner.Measurements, new JsonSerializerOptions { WriteIndented = true }));
    Console.Error.WriteLine($"Report written to {folder}/report-{stamp}.md");
}

return 0;

static string LoadAverage()
    => File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";

static string FindRoot()
{
    for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
    {
        if (File.Exists(Path.Combine(directory.FullName, "ProjectSockets.sln")))
        {
            return directory.FullName;
        }
    }

    return Directory.GetCurrentDirectory();
}
