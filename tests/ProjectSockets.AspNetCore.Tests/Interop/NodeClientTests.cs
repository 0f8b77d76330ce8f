using System.ComponentModel;
using System.Diagnostics;
using System.Reflection;
using ProjectSockets.AspNetCore.Tests.Samples;
using ProjectSockets.AspNetCore.Tests.Testing;

namespace ProjectSockets.AspNetCore.Tests.Interop;

/// <summary>
/// The sample driven by a client none of us wrote: Node.js with the <c>ws</c> package
/// (<c>node/agent-dashboard-check.js</c>). Missing Node.js or packages fail the test: run <c>bash build/setup.sh</c>.
/// </summary>
public sealed class NodeClientTests
{
    private const string Setup = "Install Node.js 18 or later and run `bash build/setup.sh` (it runs `npm ci --prefix tests/ProjectSockets.AspNetCore.Tests/node`).";

    [Fact]
    public async Task NodeWsClient_SubscribesAndRunsStartTask_SeesTheWholeTaskLifecycle()
    {
        var directory = typeof(NodeClientTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .Single(a => a.Key == "NodeClientDirectory").Value!;
        var script = Path.Combine(directory, "agent-dashboard-check.js");
        Assert.True(File.Exists(script), $"The Node.js client script is missing: {script}");
        Assert.True(Directory.Exists(Path.Combine(directory, "node_modules", "ws")), $"The Node.js package 'ws' is not installed in {directory}. {Setup}");
        await using var host = await AgentDashboardHost.StartAsync();

        var (exitCode, output) = await RunNodeAsync(directory, script, $"ws://{host.Authority}");

        Assert.True(exitCode == 0, $"node exited with {exitCode}:\n{output}");
        Assert.Contains("event #7: task_completed", output, StringComparison.Ordinal);
        Assert.Contains("PASS", output, StringComparison.Ordinal);
    }

    private static async Task<(int ExitCode, string Output)> RunNodeAsync(string directory, params string[] arguments)
    {
        var start = new ProcessStartInfo("node")
        {
            WorkingDirectory = directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        Process process;
        try
        {
            process = Process.Start(start) ?? throw new InvalidOperationException("node did not start.");
        }
        catch (Win32Exception exception)
        {
            Assert.Fail($"Node.js ('node') could not be started: {exception.Message}. {Setup}");
            throw;
        }

        using (process)
        {
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            try
            {
                await process.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync();
                Assert.Fail($"node did not exit within 60 s:\n{await stdout}{await stderr}");
            }

            return (process.ExitCode, await stdout + await stderr);
        }
    }
}
