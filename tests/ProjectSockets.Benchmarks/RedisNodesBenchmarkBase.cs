using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;

namespace ProjectSockets.Benchmarks;

/// <summary>
/// The nodes the Redis publish benchmarks share: an in-memory node with 10 subscribers (the baseline), a Redis node
/// with the same subscribers, and a second Redis node without any, on a redis-server the benchmark starts and kills.
/// </summary>
[MemoryDiagnoser]
[Config(typeof(Configuration))]
public abstract class RedisNodesBenchmarkBase
{
    /// <summary>The subscribers of project <c>p1</c> on the subscribing nodes.</summary>
    protected const int Subscribers = 10;

    private readonly List<BenchmarkNode> _nodes = [];
    private RedisServerProcess _redis = null!;

    /// <summary>Gets the data every benchmark publishes.</summary>
    protected object Data { get; } = new { taskId = "t-42", title = "build", attempt = 3 };

    /// <summary>Gets the in-memory node with subscribers.</summary>
    private protected BenchmarkNode InMemory { get; private set; } = null!;

    /// <summary>Gets the Redis node with subscribers.</summary>
    private protected BenchmarkNode RedisA { get; private set; } = null!;

    /// <summary>Gets the Redis node without subscribers.</summary>
    private protected BenchmarkNode RedisB { get; private set; } = null!;

    [GlobalSetup]
    public void Setup()
    {
        _redis = RedisServerProcess.Start();
        InMemory = AddNode(redis: null, subscribers: Subscribers);
        RedisA = AddNode(_redis.Configuration, subscribers: Subscribers);
        RedisB = AddNode(_redis.Configuration, subscribers: 0);
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
