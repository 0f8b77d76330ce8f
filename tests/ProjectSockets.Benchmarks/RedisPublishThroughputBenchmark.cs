using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;

namespace ProjectSockets.Benchmarks;

/// <summary>
/// The setups of <see cref="RedisPublishBenchmark"/>, but each invocation starts 100 publishes at once and waits
/// until all of them reached the 10 subscribers: what a busy node sustains when publishes overlap (the Redis store
/// pipelines them on one connection). Figures are per event; Op/s is events per second, deliveries ten times that.
/// </summary>
[MemoryDiagnoser]
[Config(typeof(Configuration))]
public class RedisPublishThroughputBenchmark
{
    private const int Subscribers = 10;
    private const int Batch = 100;
    private readonly object _data = new { taskId = "t-42", title = "build", attempt = 3 };
    private readonly Task<PublishResult>[] _publishes = new Task<PublishResult>[Batch];
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

    [Benchmark(Baseline = true, OperationsPerInvoke = Batch)]
    public long InMemoryStore_OneNode() => PublishBatchAndWait(_inMemory, _inMemory);

    [Benchmark(OperationsPerInvoke = Batch)]
    public long RedisStore_OneNode() => PublishBatchAndWait(_redisA, _redisA);

    [Benchmark(OperationsPerInvoke = Batch)]
    public long RedisStore_PublishOnOtherNode() => PublishBatchAndWait(_redisB, _redisA);

    private long PublishBatchAndWait(BenchmarkNode publisher, BenchmarkNode subscribers)
    {
        for (var i = 0; i < Batch; i++)
        {
            _publishes[i] = publisher.Publisher.PublishAsync("p1", "task_started", _data).AsTask();
        }

        Task.WaitAll(_publishes);
        subscribers.Expected += Batch * Subscribers;
        subscribers.Counter.WaitFor(subscribers.Expected);
        return _publishes[^1].Result.Seq;
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
