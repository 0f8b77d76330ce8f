using System.Net.WebSockets;
using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.DependencyInjection;

namespace ProjectSockets.Benchmarks;

/// <summary>
/// The whole server path of a delivery, in one process and on one thread: publish → fan-out → send queue → writer →
/// batch → WebSocket frame bytes (<see cref="WebSocket.CreateFromStream(Stream, WebSocketCreationOptions)"/>, the
/// implementation both hosts use) written to a stream that counts them and sends them nowhere. Each operation
/// publishes <see cref="EventsPerFrame"/> events to 1,000 subscribers in one batch, so that every writer sends them
/// as one frame; figures are per delivery (one event to one subscriber).
/// <para>
/// <see cref="SendsWait"/> = true keeps every write pending until all 1,000 writers have one in flight, then completes
/// them: what a send does when its client reads slower than the server writes (the saturated case), where whatever a
/// send holds while it waits is held 1,000 times at once.
/// </para>
/// </summary>
[MemoryDiagnoser]
public class ServerPathBenchmark
{
    private const int Subscribers = 1000;
    private readonly DeliveryCounter _counter = new();
    private readonly WriteGate _gate = new();
    private readonly object _data = new { bs = 123_456L, bt = 98_765_432_101L, pad = new string('x', 220) };
    private ServiceProvider _services = null!;
    private WebSocketManager _manager = null!;
    private CancellationTokenSource _stop = null!;
    private Task[] _connections = [];
    private long _expected;
    private long _extraReleases;

    /// <summary>Gets or sets how many events each subscriber's writer sends in one frame.</summary>
    [Params(1, 10, 100)]
    public int EventsPerFrame { get; set; }

    /// <summary>Gets or sets whether every send waits (for all 1,000 to be in flight) before it completes.</summary>
    [Params(false, true)]
    public bool SendsWait { get; set; }

    /// <summary>
    /// Gets or sets whether the WebSocket is created over a <see cref="WebSocketTransportStream"/>, as the ASP.NET Core
    /// host does: a frame's buffer is let go once the stream has the bytes, and the writer waits for the write.
    /// </summary>
    [Params(false, true)]
    public bool WrappedTransport { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var collection = new ServiceCollection();
        collection.AddSingleton<TimeProvider>(new SpacedTimeProvider());
        collection.AddProjectSockets(o =>
        {
            o.History.MaxEvents = 100;
            o.Heartbeat.Interval = TimeSpan.FromHours(1);
            o.Heartbeat.Timeout = TimeSpan.FromHours(2);
        });
        _services = collection.BuildServiceProvider();
        _manager = (WebSocketManager)_services.GetRequiredService<IWebSocketManager>();
        _stop = new CancellationTokenSource();
        _connections = new Task[Subscribers];
        for (var i = 0; i < Subscribers; i++)
        {
            var decision = _manager.EvaluateHandshakeAsync(new ConnectionRequest { RouteProject = "p1" }).AsTask().GetAwaiter().GetResult();
            Stream stream = new FrameCountingStream(_counter, _gate);
            var transport = WrappedTransport ? new WebSocketTransportStream(stream) : null;
            var socket = WebSocket.CreateFromStream(transport ?? stream, new WebSocketCreationOptions
            {
                IsServer = true,
                KeepAliveInterval = Timeout.InfiniteTimeSpan,
            });
            var connection = new WebSocketConnection(socket, new ConnectionRequest { RouteProject = "p1" }, transport);
            _connections[i] = _manager.RunConnectionAsync(connection, decision, _stop.Token);
        }

        // Every connection has had its welcome sent.
        _expected = Subscribers;
        _counter.WaitFor(_expected);
        _gate.Hold = SendsWait;
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        Console.WriteLine(FormattableString.Invariant($"// {nameof(ServerPathBenchmark)}: {_extraReleases} extra release(s) of held writes"));
        _gate.Hold = false;
        _gate.ReleaseHeld();
        _stop.Cancel();
        Task.WaitAll(_connections);
        _services.Dispose();
        _stop.Dispose();
    }

    /// <summary>One operation is <see cref="EventsPerFrame"/> events to each of the 1,000 subscribers.</summary>
    [Benchmark(OperationsPerInvoke = 1)]
    public long Deliver()
    {
        // The writers run when the outermost batch ends, on this thread (the time provider spaces batches far apart,
        // so none counts as a burst): each takes all its waiting events and sends them as one frame.
        using (_manager.Waker.BeginBatch())
        {
            for (var i = 0; i < EventsPerFrame; i++)
            {
                _manager.BroadcastAsync("p1", "e", _data).GetAwaiter().GetResult();
            }
        }

        _expected += (long)EventsPerFrame * Subscribers;
        if (SendsWait)
        {
            // Every writer has its frame in a pending write; completing them resumes each writer on this thread.
            _gate.ReleaseHeld();
        }

        var deadline = Environment.TickCount64 + 30_000;
        var spin = new SpinWait();
        while (_counter.Delivered < _expected)
        {
            // A benchmark that stops delivering is a failure, not a hang.
            if (Environment.TickCount64 > deadline)
            {
                throw new InvalidOperationException($"{_counter.Delivered} of {_expected} deliveries arrived.");
            }

            if (SendsWait && spin.Count > 100)
            {
                // A writer that went on from the thread pool (a contended send, for one) wrote after the release and
                // waits for the next one: release again rather than count that as lost.
                Interlocked.Increment(ref _extraReleases);
                _gate.ReleaseHeld();
                spin.Reset();
            }

            spin.SpinOnce(sleep1Threshold: -1);
        }

        return _expected;
    }

    /// <summary>
    /// Each reading is 2 ms after the last, so that no batch follows the previous one within the writers' burst gap
    /// (1 ms). A few readings per operation keep this clock far from the heartbeat's hour over a run.
    /// </summary>
    private sealed class SpacedTimeProvider : TimeProvider
    {
        private long _now = TimeProvider.System.GetTimestamp();

        public override long GetTimestamp() => Interlocked.Add(ref _now, TimestampFrequency / 500);
    }
}
