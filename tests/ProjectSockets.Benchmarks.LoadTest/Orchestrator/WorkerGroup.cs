using System.Globalization;
using System.Text.Json;

namespace ProjectSockets.Benchmarks.LoadTest.Orchestrator;

/// <summary>Client worker processes that together hold a set of connections, spread evenly.</summary>
internal sealed class WorkerGroup : IAsyncDisposable
{
    private readonly List<ChildProcess> _workers = [];

    public int Connected { get; private set; }

    public int Failed { get; private set; }

    /// <summary>Starts <paramref name="workers"/> processes holding <paramref name="clients"/> connections over <paramref name="projects"/> projects.</summary>
    public static async Task<WorkerGroup> StartAsync(ServerProcess server, Placement placement, int clients, int projects, int workers, int firstSource = 2, int firstClient = 0)
    {
        var group = new WorkerGroup();
        try
        {
            var start = firstClient;
            for (var w = 0; w < workers; w++)
            {
                var share = (clients / workers) + (w < clients % workers ? 1 : 0);
                group._workers.Add(ChildProcess.Start(ChildProcess.SelfAssembly,
                [
                    "worker", "--kind", server.Kind, "--port", server.Port.ToString(CultureInfo.InvariantCulture),
                    "--clients", share.ToString(CultureInfo.InvariantCulture), "--first", start.ToString(CultureInfo.InvariantCulture),
                    "--projects", projects.ToString(CultureInfo.InvariantCulture),
                    "--source", FormattableString.Invariant($"127.0.0.{firstSource + w}"), "--max-seconds", "600",
                ], placement));
                start += share;
            }

            foreach (var worker in group._workers)
            {
                var ready = (await worker.ReadLineAsync("@ready", TimeSpan.FromMinutes(3))).Split(' ');
                group.Connected += int.Parse(ready[0], CultureInfo.InvariantCulture);
                group.Failed += int.Parse(ready[1], CultureInfo.InvariantCulture);
            }

            return group;
        }
        catch
        {
            await group.DisposeAsync();
            throw;
        }
    }

    public async Task ResetAsync()
    {
        foreach (var worker in _workers)
        {
            await worker.SendAsync("RESET");
        }

        foreach (var worker in _workers)
        {
            await worker.ReadLineAsync("@ok", TimeSpan.FromSeconds(30));
        }
    }

    public async Task<List<WorkerReport>> ReportAsync()
    {
        foreach (var worker in _workers)
        {
            await worker.SendAsync("REPORT");
        }

        var reports = new List<WorkerReport>();
        foreach (var worker in _workers)
        {
            reports.Add(JsonSerializer.Deserialize<WorkerReport>(await worker.ReadLineAsync("@report", TimeSpan.FromSeconds(30)))!);
        }

        return reports;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var worker in _workers)
        {
            try
            {
                await worker.SendAsync("QUIT");
            }
            catch (Exception exception) when (exception is IOException or InvalidOperationException)
            {
                // Already gone.
            }
        }

        await Task.Delay(200);
        foreach (var worker in _workers)
        {
            await worker.DisposeAsync();
        }
    }
}
