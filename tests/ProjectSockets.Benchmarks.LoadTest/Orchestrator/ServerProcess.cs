using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;

namespace ProjectSockets.Benchmarks.LoadTest.Orchestrator;

/// <summary>One server process on a fresh loopback port, driven through its control endpoints.</summary>
internal sealed class ServerProcess : IAsyncDisposable
{
    private readonly ChildProcess _process;
    private readonly HttpClient _http;

    private ServerProcess(string kind, int port, ChildProcess process)
    {
        Kind = kind;
        Port = port;
        _process = process;
        _http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}/"), Timeout = TimeSpan.FromMinutes(5) };
    }

    public string Kind { get; }

    public int Port { get; }

    public static async Task<ServerProcess> StartAsync(string kind, Placement placement, bool sampleAllocations = false)
    {
        var port = FreePort();
        string[] arguments = ["--kind", kind, "--port", port.ToString(CultureInfo.InvariantCulture), "--max-seconds", "900"];
        var process = ChildProcess.Start(ChildProcess.ServerAssembly, sampleAllocations ? [.. arguments, "--sample-allocations"] : arguments, placement);
        var server = new ServerProcess(kind, port, process);
        try
        {
            await process.ReadLineAsync("@listening", TimeSpan.FromSeconds(60));
            return server;
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    public async Task<ServerStats> StatsAsync(bool collect = false)
        => (await _http.GetFromJsonAsync<ServerStats>(collect ? "control/stats?gc=1" : "control/stats"))!;

    /// <summary>The sampled allocations by type since the last call (the server needs --sample-allocations).</summary>
    public async Task<AllocationSample[]> TakeAllocationsAsync()
        => (await _http.GetFromJsonAsync<AllocationSample[]>("control/allocations?clear=1"))!;

    /// <summary>Publishes from inside the server; the result says when publishing started and ended.</summary>
    public async Task<PublishResult> PublishAsync(int count, int projects, int size, double rate)
    {
        var query = FormattableString.Invariant($"control/publish?count={count}&projects={projects}&size={size}&rate={rate}");
        using var response = await _http.PostAsync(query, null);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<PublishResult>())!;
    }

    /// <summary>Waits until the server counts <paramref name="expected"/> subscribed connections.</summary>
    public async Task WaitForConnectionsAsync(int expected, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var stats = await StatsAsync();
            if (stats.Connections >= expected)
            {
                return;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"{Kind}: {stats.Connections} of {expected} connections after {timeout}.");
            }

            await Task.Delay(100);
        }
    }

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        await _process.DisposeAsync();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

internal sealed record ServerStats(long CpuTicks, long AllocatedBytes, long WorkingSet, long? HeapAfterGc, int Connections, int Gen0, int Gen2, long Timestamp, bool ServerGc);

internal sealed record PublishResult(long StartTimestamp, long EndTimestamp, int Published);

/// <summary>Bytes allocated by one type, as sampled by the server.</summary>
internal sealed record AllocationSample(string Type, long Bytes);
