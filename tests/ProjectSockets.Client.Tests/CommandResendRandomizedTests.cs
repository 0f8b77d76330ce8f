using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using ProjectSockets.Client.Tests.Testing;
using Xunit.Abstractions;

namespace ProjectSockets.Client.Tests;

/// <summary>
/// Commands through a proxy in front of real Kestrel, with the TCP connection cut at random points of each command's
/// life: before the handler finishes, just after (the result may be on the wire), or twice. Every command's handler
/// runs exactly once and the caller gets that run's result; the figures are written to the test output.
/// </summary>
public sealed class CommandResendRandomizedTests(ITestOutputHelper output)
{
    private const int Commands = 60;

    private sealed record WorkArgs(int N);

    [Fact]
    public async Task RandomCuts_MidCommand_EveryHandlerRunsOnceAndEveryCallerGetsItsResult()
    {
        var runs = new ConcurrentDictionary<int, int>();
        var entered = new ConcurrentDictionary<int, TaskCompletionSource>();
        var release = new ConcurrentDictionary<int, TaskCompletionSource>();
        TaskCompletionSource Gate(ConcurrentDictionary<int, TaskCompletionSource> gates, int n)
            => gates.GetOrAdd(n, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
        await using var server = await TestServer.StartAsync(TestHostKind.Kestrel, build: b => b.AddCommand<WorkArgs, int>("work", async (args, _, _) =>
        {
            runs.AddOrUpdate(args.N, 1, (_, count) => count + 1);
            Gate(entered, args.N).TrySetResult();
            await Gate(release, args.N).Task;
            return args.N * 10;
        }));
        await using var probe = await ClientProbe.ConnectAsync(server.Url());
        var seed = Environment.TickCount;
        var random = new Random(seed);
        int cuts = 0, resent = 0, replayed = 0;
        var kinds = new int[4];

        for (var n = 0; n < Commands; n++)
        {
            // A cut at the end of the previous command may still be reconnecting: a command is sent when connected.
            var connected = NextConnected(probe.Client);
            if (probe.Client.State != ProjectSocketsClientState.Connected)
            {
                await connected.WaitAsync(ClientProbe.Timeout);
            }

            var invoke = probe.Client.InvokeWithOutcomeAsync("work", new WorkArgs(n));
            await Gate(entered, n).Task.WaitAsync(ClientProbe.Timeout);
            var kind = random.Next(kinds.Length);
            kinds[kind]++;
            switch (kind)
            {
                case 1:
                    // Cut while the handler runs: the copy sent after the reconnect waits for this run.
                    cuts += Cut(server);
                    Gate(release, n).SetResult();
                    break;
                case 2:
                    // Cut just as the result leaves: it arrives, or the copy gets the remembered result.
                    Gate(release, n).SetResult();
                    cuts += Cut(server);
                    break;
                case 3:
                    // Cut, and cut the next connection too as soon as it is open.
                    var reconnected = NextConnected(probe.Client);
                    cuts += Cut(server);
                    await reconnected.WaitAsync(ClientProbe.Timeout);
                    cuts += Cut(server);
                    Gate(release, n).SetResult();
                    break;
                default:
                    Gate(release, n).SetResult();
                    break;
            }

            var result = await invoke.WaitAsync(ClientProbe.Timeout);
            Assert.Equal(n * 10, result.Data.GetInt32());
            resent += result.Attempts - 1;
            replayed += result.Replayed ? 1 : 0;
        }

        var doubleRuns = runs.Count(r => r.Value > 1);
        output.WriteLine(
            $"seed {seed}: {Commands} commands ({kinds[0]} uncut, {kinds[1]} cut mid-run, {kinds[2]} cut at the result, {kinds[3]} cut twice), "
            + $"{cuts} cuts, {resent} resends, {replayed} replayed answers, {doubleRuns} double runs");
        Assert.Equal(Commands, runs.Count);
        Assert.Equal(0, doubleRuns);
        Assert.True(kinds[1] + kinds[3] == 0 || resent > 0, $"seed {seed}: commands were cut mid-run but none was sent again.");
    }

    private static int Cut(TestServer server)
    {
        server.DropConnections();
        return 1;
    }

    /// <summary>Completes at the client's next change to Connected.</summary>
    private static Task NextConnected(ProjectSocketsClient client)
    {
        var connected = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        void OnChange(object? sender, ProjectSocketsStateChangedEventArgs change)
        {
            if (change.State == ProjectSocketsClientState.Connected)
            {
                client.StateChanged -= OnChange;
                connected.TrySetResult();
            }
        }

        client.StateChanged += OnChange;
        return connected.Task;
    }
}
