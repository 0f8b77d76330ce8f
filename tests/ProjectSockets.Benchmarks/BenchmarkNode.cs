using Microsoft.Extensions.DependencyInjection;

namespace ProjectSockets.Benchmarks;

/// <summary>
/// One server node of a benchmark: its own service provider and manager (with the Redis store when given a Redis
/// configuration), and a number of discarding connections subscribed to project p1.
/// </summary>
internal sealed class BenchmarkNode : IDisposable
{
    private readonly ServiceProvider _services;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task[] _connections;

    public BenchmarkNode(string? redis, int subscribers)
    {
        var collection = new ServiceCollection();
        var builder = collection.AddProjectSockets(o =>
        {
            o.History.MaxEvents = 100;
            o.Heartbeat.Interval = TimeSpan.FromHours(1);
            o.Heartbeat.Timeout = TimeSpan.FromHours(2);
        });
        if (redis is not null)
        {
            builder.AddStackExchangeRedis(redis, o => o.KeyPrefix = "bench:");
        }

        _services = collection.BuildServiceProvider();
        var manager = _services.GetRequiredService<IWebSocketManager>();
        Publisher = _services.GetRequiredService<IProjectEventPublisher>();
        _connections = new Task[subscribers];
        for (var i = 0; i < subscribers; i++)
        {
            var decision = manager.EvaluateHandshakeAsync(new ConnectionRequest { RouteProject = "p1" }).AsTask().GetAwaiter().GetResult();
            _connections[i] = manager.RunConnectionAsync(new DiscardingConnection(Counter), decision, _stop.Token);
        }

        // Every connection has had its welcome sent, so it is attached to p1.
        Expected = subscribers;
        Counter.WaitFor(Expected);
    }

    public DeliveryCounter Counter { get; } = new();

    public IProjectEventPublisher Publisher { get; }

    public long Expected { get; set; }

    public void Dispose()
    {
        _stop.Cancel();
        Task.WaitAll(_connections);
        _services.Dispose();
        _stop.Dispose();
    }
}
