using System.Diagnostics;
using System.Text;

namespace ProjectSockets.HttpListener.Tests.Samples;

/// <summary>
/// Publishes docs/samples/AotConsoleHost with Native AOT once per test run, into a temporary folder (its own
/// artifacts path, so the repository's bin/obj are not touched), and starts the native binary on demand.
/// </summary>
public sealed class NativeAotSample : IDisposable
{
    private static readonly TimeSpan PublishTimeout = TimeSpan.FromMinutes(15);

    private readonly string _root = Directory.CreateTempSubdirectory("projectsockets-aot-").FullName;

    public NativeAotSample()
    {
        var project = Path.Combine(RepositoryPaths.Root, "docs", "samples", "AotConsoleHost", "AotConsoleHost.csproj");
        var output = Path.Combine(_root, "out");
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = _root,
        };
        foreach (var argument in new[]
        {
            "publish", project, "-c", "Release", "-r", "linux-x64", "-p:PublishAot=true",
            "--artifacts-path", Path.Combine(_root, "artifacts"), "-o", output,
            "-nologo", "-v:m", "-nodeReuse:false", "-p:UseSharedCompilation=false",
        })
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start.");
        var log = new StringBuilder();
        process.OutputDataReceived += (_, e) => { lock (log) { log.AppendLine(e.Data); } };
        process.ErrorDataReceived += (_, e) => { lock (log) { log.AppendLine(e.Data); } };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        if (!process.WaitForExit(PublishTimeout))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"dotnet publish (Native AOT) took longer than {PublishTimeout}:\n{log}");
        }

        process.WaitForExit();
        PublishLog = log.ToString();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"dotnet publish (Native AOT) failed with {process.ExitCode}:\n{PublishLog}");
        }

        Executable = Path.Combine(output, "AotConsoleHost");
    }

    /// <summary>Gets the native binary.</summary>
    public string Executable { get; }

    /// <summary>Gets what the publish printed (its warnings among it).</summary>
    public string PublishLog { get; }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (IOException)
        {
            // A temporary folder: left for the system to clean.
        }
    }
}
