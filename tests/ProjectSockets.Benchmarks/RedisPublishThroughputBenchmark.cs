using BenchmarkDotNet.Attributes;

namespace ProjectSockets.Benchmarks;

/// <summary>
/// The setups of <see cref="RedisPublishBenchmark"/>, but each invocation starts 100 publishes at once and waits
/// until all of them reached the 10 subscribers: what a busy node sustains when publishes overlap (the Redis store
/// pipelines them on one connection). Figures are per event; Op/s is events per second, deliveries ten times that.
/// </summary>
public class RedisPublishThroughputBenchmark : RedisNodesBenchmarkBase
{
    private const int Batch = 100;
    private readonly Task<PublishResult>[] _publishes = new Task<PublishResult>[Batch];

    [Benchmark(Baseline = true, OperationsPerInvoke = Batch)]
    public long InMemoryStore_OneNode() => PublishBatchAndWait(InMemory, InMemory);

    [Benchmark(OperationsPerInvoke = Batch)]
    public long RedisStore_OneNode() => PublishBatchAndWait(RedisA, RedisA);

    [Benchmark(OperationsPerInvoke = Batch)]
    public long RedisStore_PublishOnOtherNode() => PublishBatchAndWait(RedisB, RedisA);

    private long PublishBatchAndWait(BenchmarkNode publisher, BenchmarkNode subscribers)
    {
        for (var i = 0; i < Batch; i++)
        {
            _publishes[i] = publisher.Publisher.PublishAsync("p1", "task_started", Data).AsTask();
        }

        Task.WaitAll(_publishes);
        subscribers.Expected += Batch * Subscribers;
        subscribers.Counter.WaitFor(subscribers.Expected);
        return _publishes[^1].Result.Seq;
    }
}
