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

    /// <summary>Gets or sets how many events each subscriber's writer sends in one frame.</summary>
    [Params(1, 10, 100)]
    public int EventsPerFrame { get; set; }

    /// <summary>Gets or sets whether every send waits (for all 1,000 to be in flight) before it completes.</summary>
    [Params(false, true)]
    public bool SendsWait { get; set; }

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
            var socket = WebSocket.CreateFromStream(new FrameCountingStream(_counter, _gate), new WebSocketCreationOptions
            {
                IsServer = true,
                KeepAliveInterval = Timeout.InfiniteTimeSpan,
            });
            _connections[i] = _manager.RunConnectionAsync(new WebSocketConnection(socket, new ConnectionRequest { RouteProject = "p1" }), decision, _stop.Token);
        }

        // Every connection has had its welcome sent.
        _expected = Subscribers;
        _counter.WaitFor(_expected);
        _gate.Hold = SendsWait;
    }

    [GlobalCleanup]
    public void Cleanup()
    {
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

        _counter.WaitFor(_expected);
        return _expected;
    }

    /// <summary>Real time for everything but the writers' burst rule: each reading is a second after the last.</summary>
    private sealed class SpacedTimeProvider : TimeProvider
    {
        private long _now = TimeProvider.System.GetTimestamp();

        public override long GetTimestamp() => Interlocked.Add(ref _now, TimestampFrequency);
    }
}
