using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Net.WebSockets;
using System.Text.Json;

namespace ProjectSockets.Benchmarks.LoadTest.Worker;

/// <summary>
/// A client worker process: opens its share of the connections from its own loopback source address, then answers
/// the orchestrator's commands on standard input (<c>RESET</c>, <c>REPORT</c>, <c>QUIT</c>) with <c>@</c> lines.
/// Exits by itself after <c>--max-seconds</c> or when standard input closes.
/// </summary>
internal static class WorkerMain
{
    public static async Task<int> RunAsync(Arguments arguments)
    {
        var kind = arguments.Get("kind", ServerKind.ProjectSockets);
        var port = arguments.GetInt("port", 5000);
        var clients = arguments.GetInt("clients", 100);
        var first = arguments.GetInt("first", 0);
        var projects = arguments.GetInt("projects", 1);
        var source = IPAddress.Parse(arguments.Get("source", "127.0.0.1"));
        var maxSeconds = arguments.GetInt("max-seconds", 600);
        using var lifetime = new CancellationTokenSource(TimeSpan.FromSeconds(maxSeconds));

        // Stops by itself even if the orchestrator is gone and standard input never closes.
        _ = Task.Delay(TimeSpan.FromSeconds(maxSeconds + 10)).ContinueWith(_ => Environment.Exit(3), TaskScheduler.Default);
        var token = lifetime.Token;

        var histogram = new LatencyHistogram();
        using var handler = new SocketsHttpHandler
        {
            // Each worker connects from its own 127.0.0.x so that ephemeral ports last for 10,000 connections.
            ConnectCallback = async (context, cancellationToken) =>
            {
                var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                try
                {
                    socket.Bind(new IPEndPoint(source, 0));
                    await socket.ConnectAsync(context.DnsEndPoint, cancellationToken);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            },
        };
        using var invoker = new HttpMessageInvoker(handler);

        var connections = new ClientConnection?[clients];
        var failed = 0;
        using (var gate = new SemaphoreSlim(32))
        {
            await Task.WhenAll(Enumerable.Range(0, clients).Select(async i =>
            {
                await gate.WaitAsync(token);
                try
                {
                    var project = "p" + ((first + i) % projects).ToString(CultureInfo.InvariantCulture);
                    var socket = new ClientWebSocket();
                    socket.Options.KeepAliveInterval = TimeSpan.Zero;
                    using var connectTimeout = CancellationTokenSource.CreateLinkedTokenSource(token);
                    connectTimeout.CancelAfter(TimeSpan.FromSeconds(30));
                    await socket.ConnectAsync(ServerKind.ProjectUri(kind, port, project), invoker, connectTimeout.Token);
                    var connection = new ClientConnection(socket, kind, histogram);
                    _ = connection.RunAsync(token);
                    await connection.Ready.WaitAsync(TimeSpan.FromSeconds(30), token);
                    connections[i] = connection;
                }
                catch (Exception exception) when (exception is WebSocketException or OperationCanceledException or IOException or TimeoutException or HttpRequestException)
                {
                    Interlocked.Increment(ref failed);
                }
                finally
                {
                    gate.Release();
                }
            }));
        }

        var open = connections.OfType<ClientConnection>().ToArray();
        var cpuAtReset = Environment.CpuUsage.TotalTime.Ticks;
        Console.WriteLine($"@ready {open.Length} {failed}");

        // SignalR expects its clients to send something within ClientTimeoutInterval: a ping every 15 s, as its clients do.
        Task pings = kind == ServerKind.SignalR ? SendSignalRPingsAsync(open, token) : Task.CompletedTask;

        while (!token.IsCancellationRequested)
        {
            var line = await Console.In.ReadLineAsync(token);
            switch (line)
            {
                case null or "QUIT":
                    foreach (var connection in open)
                    {
                        connection.Socket.Abort();
                    }

                    await lifetime.CancelAsync();
                    return 0;
                case "RESET":
                    cpuAtReset = Environment.CpuUsage.TotalTime.Ticks;
                    histogram.Reset();
                    foreach (var connection in open)
                    {
                        connection.Reset();
                    }

                    Console.WriteLine("@ok");
                    break;
                case "REPORT":
                    Console.WriteLine("@report " + JsonSerializer.Serialize(Report(open, failed, histogram, Environment.CpuUsage.TotalTime.Ticks - cpuAtReset)));
                    break;
            }
        }

        await pings.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        return 0;
    }

    private static WorkerReport Report(ClientConnection[] open, int failed, LatencyHistogram histogram, long cpuTicks)
    {
        long events = 0, inOrder = 0, outOfOrder = 0, gaps = 0, frames = 0, pings = 0, firstReceive = long.MaxValue, lastReceive = 0;
        var closed = 0;
        foreach (var connection in open)
        {
            closed += connection.Closed ? 1 : 0;
            events += connection.Events;
            inOrder += connection.InOrder;
            outOfOrder += connection.OutOfOrder;
            gaps += connection.Gaps;
            frames += connection.Frames;
            pings += connection.Pings;
            if (connection.FirstReceive != 0)
            {
                firstReceive = Math.Min(firstReceive, connection.FirstReceive);
            }

            lastReceive = Math.Max(lastReceive, connection.LastReceive);
        }

        return new WorkerReport(open.Length, failed, closed, events, inOrder, outOfOrder, gaps, frames, pings,
            firstReceive == long.MaxValue ? 0 : firstReceive, lastReceive, histogram.Max, histogram.ToSparse(), cpuTicks);
    }

    private static async Task SendSignalRPingsAsync(ClientConnection[] open, CancellationToken cancellationToken)
    {
        try
        {
            using var timer = new PeriodicTimer(TimeSpan.FromSeconds(15));
            while (await timer.WaitForNextTickAsync(cancellationToken))
            {
                foreach (var connection in open)
                {
                    if (!connection.Closed)
                    {
                        await connection.SendSignalRPingAsync(cancellationToken);
                    }
                }
            }
        }
        catch (Exception exception) when (exception is WebSocketException or OperationCanceledException or IOException or ObjectDisposedException)
        {
            // Stopping.
        }
    }
}
