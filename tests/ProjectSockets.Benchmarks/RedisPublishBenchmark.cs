using BenchmarkDotNet.Attributes;

namespace ProjectSockets.Benchmarks;

/// <summary>
/// One publish to a project with 10 subscribers on discarding connections, waiting until every subscriber's writer
/// has handed the event to its connection: the in-memory store on one node (baseline), the Redis store with the
/// publisher on the subscribers' node, and the Redis store with the publisher on another node (the event reaches
/// the subscribers' node through the Redis channel). The benchmark starts its own redis-server on a free port of
/// 127.0.0.1 and kills it at the end. Operations are sequential, so Op/s is the rate of one publisher that waits
/// for each delivery; deliveries per second are ten times that.
/// </summary>
public class RedisPublishBenchmark : RedisNodesBenchmarkBase
{
    [Benchmark(Baseline = true)]
    public long InMemoryStore_OneNode() => PublishAndWait(InMemory, InMemory);

    [Benchmark]
    public long RedisStore_OneNode() => PublishAndWait(RedisA, RedisA);

    [Benchmark]
    public long RedisStore_PublishOnOtherNode() => PublishAndWait(RedisB, RedisA);

    private long PublishAndWait(BenchmarkNode publisher, BenchmarkNode subscribers)
    {
        var result = publisher.Publisher.PublishAsync("p1", "task_started", Data).AsTask().GetAwaiter().GetResult();
        subscribers.Expected += Subscribers;
        subscribers.Counter.WaitFor(subscribers.Expected);
        return result.Seq;
    }
}
