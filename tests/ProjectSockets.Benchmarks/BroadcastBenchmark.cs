using System.Diagnostics.Metrics;
using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.DependencyInjection;

namespace ProjectSockets.Benchmarks;

/// <summary>
/// One broadcast to N subscribers of a project, through the real manager, store and writer loops, over connections
/// that discard what they are sent. Each operation waits until every subscriber's writer has handed the event to its
/// connection, so the figures include the writers' work. The baseline publishes to a project nobody follows: seq,
/// history and the one encoding. <see cref="Metrics"/> runs each case with a listener on the <c>ProjectSockets</c>
/// meter (every instrument enabled, as an exporter would) and without one, in the same run.
/// </summary>
[MemoryDiagnoser]
public class BroadcastBenchmark
{
    private readonly DeliveryCounter _counter = new();
    private readonly object _data = new { taskId = "t-42", title = "build", attempt = 3 };
    private ServiceProvider _services = null!;
    private IWebSocketManager _manager = null!;
    private CancellationTokenSource _stop = null!;
    private Task[] _connections = [];
    private long _expected;
    private MeterListener? _listener;
    private long _measurements;

    [Params(10, 1_000, 10_000)]
    public int Subscribers { get; set; }

    [Params(false, true)]
    public bool Metrics { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        if (Metrics)
        {
            _listener = new MeterListener
            {
                InstrumentPublished = (instrument, listener) =>
                {
                    if (instrument.Meter.Name == "ProjectSockets")
                    {
                        listener.EnableMeasurementEvents(instrument);
                    }
                },
            };
            _listener.SetMeasurementEventCallback<long>((_, _, _, _) => Interlocked.Increment(ref _measurements));
            _listener.SetMeasurementEventCallback<int>((_, _, _, _) => Interlocked.Increment(ref _measurements));
            _listener.SetMeasurementEventCallback<double>((_, _, _, _) => Interlocked.Increment(ref _measurements));
            _listener.Start();
        }

        var collection = new ServiceCollection();
        collection.AddProjectSockets(o =>
        {
            o.History.MaxEvents = 100;
            o.Heartbeat.Interval = TimeSpan.FromHours(1);
            o.Heartbeat.Timeout = TimeSpan.FromHours(2);
        });
        _services = collection.BuildServiceProvider();
        _manager = _services.GetRequiredService<IWebSocketManager>();
        _stop = new CancellationTokenSource();
        _connections = new Task[Subscribers];
        for (var i = 0; i < Subscribers; i++)
        {
            var decision = _manager.EvaluateHandshakeAsync(new ConnectionRequest { RouteProject = "p1" }).AsTask().GetAwaiter().GetResult();
            _connections[i] = _manager.RunConnectionAsync(new DiscardingConnection(_counter), decision, _stop.Token);
        }

        // Every connection has had its welcome sent.
        _expected = Subscribers;
        _counter.WaitFor(_expected);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _stop.Cancel();
        Task.WaitAll(_connections);
        _services.Dispose();
        _stop.Dispose();
        _listener?.Dispose();
        if (Metrics && Interlocked.Read(ref _measurements) == 0)
        {
            throw new InvalidOperationException("The listener saw no measurement: the metrics case measured nothing.");
        }
    }

    [Benchmark(Baseline = true)]
    public long PublishToProjectWithoutSubscribers()
        => _manager.BroadcastAsync("nobody", "task_started", _data).GetAwaiter().GetResult().Seq;

    [Benchmark]
    public long BroadcastToSubscribers()
    {
        var result = _manager.BroadcastAsync("p1", "task_started", _data).GetAwaiter().GetResult();
        _expected += result.LocalSubscribers;
        _counter.WaitFor(_expected);
        return result.Seq;
    }
}
