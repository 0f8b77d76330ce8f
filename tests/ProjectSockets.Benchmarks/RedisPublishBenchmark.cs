using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using Microsoft.Extensions.DependencyInjection;

namespace ProjectSockets.Benchmarks;

/// <summary>
/// One publish to a project with 10 subscribers on discarding connections, waiting until every subscriber's writer
/// has handed the event to its connection: the in-memory store on one node (baseline), the Redis store with the
/// publisher on the subscribers' node, and the Redis store with the publisher on another node (the event reaches
/// the subscribers' node through the Redis channel). The benchmark starts its own redis-server on a free port of
/// 127.0.0.1 and kills it at the end. Operations are sequential, so Op/s is the rate of one publisher that waits
/// for each delivery; deliveries per second are ten times that.
/// </summary>
[MemoryDiagnoser]
[Config(typeof(Configuration))]
public class RedisPublishBenchmark
{
    private const int Subscribers = 10;
    private readonly object _data = new { taskId = "t-42", title = "build", attempt = 3 };
    private readonly List<BenchmarkNode> _nodes = [];
    private RedisServerProcess _redis = null!;
    private BenchmarkNode _inMemory = null!;
    private BenchmarkNode _redisA = null!;
    private BenchmarkNode _redisB = null!;

    [GlobalSetup]
    public void Setup()
    {
        _redis = RedisServerProcess.Start();
        _inMemory = AddNode(redis: null, subscribers: Subscribers);
        _redisA = AddNode(_redis.Configuration, subscribers: Subscribers);
        _redisB = AddNode(_redis.Configuration, subscribers: 0);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        foreach (var node in _nodes)
        {
            node.Dispose();
        }

        _redis.Dispose();
    }

    [Benchmark(Baseline = true)]
    public long InMemoryStore_OneNode() => PublishAndWait(_inMemory, _inMemory);

    [Benchmark]
    public long RedisStore_OneNode() => PublishAndWait(_redisA, _redisA);

    [Benchmark]
    public long RedisStore_PublishOnOtherNode() => PublishAndWait(_redisB, _redisA);

    private long PublishAndWait(BenchmarkNode publisher, BenchmarkNode subscribers)
    {
        var result = publisher.Publisher.PublishAsync("p1", "task_started", _data).AsTask().GetAwaiter().GetResult();
        subscribers.Expected += Subscribers;
        subscribers.Counter.WaitFor(subscribers.Expected);
        return result.Seq;
    }

    private BenchmarkNode AddNode(string? redis, int subscribers)
    {
        var node = new BenchmarkNode(redis, subscribers);
        _nodes.Add(node);
        return node;
    }

    private sealed class Configuration : ManualConfig
    {
        public Configuration() => AddColumn(StatisticColumn.OperationsPerSecond);
    }
}
