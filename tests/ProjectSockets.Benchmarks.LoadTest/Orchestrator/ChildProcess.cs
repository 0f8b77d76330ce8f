using System.Diagnostics;
using System.Reflection;
using System.Threading.Channels;

namespace ProjectSockets.Benchmarks.LoadTest.Orchestrator;

/// <summary>A process the orchestrator started: its <c>@</c> lines are read as they come; it is always killed at the end.</summary>
internal sealed class ChildProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly Channel<string> _lines = Channel.CreateUnbounded<string>();

    private ChildProcess(Process process)
    {
        _process = process;
        _process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null)
            {
                _lines.Writer.TryComplete();
            }
            else if (e.Data.StartsWith('@'))
            {
                _lines.Writer.TryWrite(e.Data);
            }
        };
        _process.ErrorDataReceived += (_, e) =>
        {
            if (!string.IsNullOrWhiteSpace(e.Data))
            {
                Console.Error.WriteLine($"  [{process.Id}] {e.Data}");
            }
        };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public static string ServerAssembly { get; } = typeof(ChildProcess).Assembly
        .GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "ServerAssembly").Value!;

    public static string SelfAssembly { get; } = typeof(ChildProcess).Assembly.Location;

    /// <summary>Set in every child's environment: a child never starts a load test of its own.</summary>
    public const string ChildMarker = "PROJECTSOCKETS_LOADTEST_CHILD";

    /// <summary>
    /// The dotnet host that runs this process: under <c>dotnet run</c> the process is the app host, which must not
    /// be given another assembly to run.
    /// </summary>
    private static string DotNetHost { get; } = FindDotNetHost();

    private static string FindDotNetHost()
    {
        if (Environment.ProcessPath is { } path && Path.GetFileNameWithoutExtension(path) == "dotnet")
        {
            return path;
        }

        // <root>/shared/Microsoft.NETCore.App/<version>/ -> <root>/dotnet
        var root = Path.GetFullPath(Path.Combine(System.Runtime.InteropServices.RuntimeEnvironment.GetRuntimeDirectory(), "..", "..", ".."));
        var host = Path.Combine(root, OperatingSystem.IsWindows() ? "dotnet.exe" : "dotnet");
        return File.Exists(host) ? host : "dotnet";
    }

    /// <summary>Starts <paramref name="assembly"/> on the given cores (through <c>taskset</c>) with the given GC.</summary>
    public static ChildProcess Start(string assembly, IEnumerable<string> arguments, Placement placement)
    {
        var info = new ProcessStartInfo(placement.Cores is null ? DotNetHost : "taskset")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (placement.Cores is not null)
        {
            // taskset execs the host: the process id stays the one the run kills.
            info.ArgumentList.Add("-c");
            info.ArgumentList.Add(placement.Cores);
            info.ArgumentList.Add(DotNetHost);
        }

        info.ArgumentList.Add(assembly);
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        info.Environment["DOTNET_gcServer"] = placement.ServerGc ? "1" : "0";
        info.Environment[ChildMarker] = "1";
        return new ChildProcess(Process.Start(info) ?? throw new InvalidOperationException($"Could not start {assembly}."));
    }

    public async Task<string> ReadLineAsync(string prefix, TimeSpan timeout)
    {
        using var cancellation = new CancellationTokenSource(timeout);
        while (true)
        {
            string line;
            try
            {
                line = await _lines.Reader.ReadAsync(cancellation.Token);
            }
            catch (ChannelClosedException)
            {
                throw new InvalidOperationException($"Process {_process.Id} ended before '{prefix}'.");
            }

            if (line.StartsWith(prefix, StringComparison.Ordinal))
            {
                return line[prefix.Length..].Trim();
            }
        }
    }

    public async Task SendAsync(string command)
    {
        await _process.StandardInput.WriteLineAsync(command);
        await _process.StandardInput.FlushAsync();
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
            }

            await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10));
        }
        catch (Exception exception) when (exception is InvalidOperationException or TimeoutException or System.ComponentModel.Win32Exception)
        {
            // Already gone.
        }

        _process.Dispose();
    }
}

/// <summary>Where a child process runs: the cores it is pinned to (null: anywhere) and whether it uses Server GC.</summary>
internal sealed record Placement(string? Cores, bool ServerGc);
