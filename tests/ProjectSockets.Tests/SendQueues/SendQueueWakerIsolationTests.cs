using Microsoft.Extensions.Time.Testing;

namespace ProjectSockets.Tests.SendQueues;

/// <summary>
/// Each manager owns its waker: the batches of one never count in the burst record of another, even in one process
/// and on one thread. Two managers are two wakers here, driven batch by batch.
/// </summary>
[Collection(nameof(SendQueueWakerTests))]
public sealed class SendQueueWakerIsolationTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);
    private static readonly OutboundMessage Message = new("{}"u8.ToArray(), Counted: false);

    [Fact]
    public async Task AnotherWakersBurst_OnTheSameClock_DoesNotKeepThisOnesFirstBatchesOffThisThread()
    {
        // The fake clock does not move: every batch begins right where the previous one ended.
        var clock = new FakeTimeProvider();
        var first = new SendQueueWaker(clock);
        var second = new SendQueueWaker(clock);

        var firstRuns = new[] { await RunBatchAsync(first), await RunBatchAsync(first), await RunBatchAsync(first) };
        var secondRuns = new[] { await RunBatchAsync(second), await RunBatchAsync(second) };

        // The first waker is in a burst; the second has seen none of it and runs its first two batches inline.
        Assert.Equal([true, true, false], firstRuns);
        Assert.Equal([true, true], secondRuns);
    }

    [Fact]
    public async Task AnotherWakersBatch_DoesNotEndThisOnesBurst()
    {
        var first = new SendQueueWaker(new FakeTimeProvider());
        var second = new SendQueueWaker(new FakeTimeProvider());

        Assert.True(await RunBatchAsync(first));
        Assert.True(await RunBatchAsync(first));
        Assert.True(await RunBatchAsync(second));

        // Still the first waker's burst: its clock has not moved since its previous batch.
        Assert.False(await RunBatchAsync(first));
    }

    [Fact]
    public async Task AWakeUpInsideAnotherWakersBatch_IsNotCollectedByThatBatch()
    {
        var first = new SendQueueWaker(new FakeTimeProvider());
        var second = new SendQueueWaker(new FakeTimeProvider());
        var queue = new SendQueue(second);
        var reader = ReadOnceAsync(queue, second);

        using (first.BeginBatch())
        {
            Assert.True(queue.TryWrite(Message));

            // Outside any batch of its own waker, the wake-up went to the thread pool: not deferred to this batch.
            Assert.True(SpinWait.SpinUntil(() => reader.IsCompleted, Timeout));
        }

        Assert.False(await reader);
    }

    [Fact]
    public async Task ManagersInOneProcess_OwnTheirWakers()
    {
        await using var one = new ProjectSockets.Tests.Testing.TestServer();
        await using var two = new ProjectSockets.Tests.Testing.TestServer();

        Assert.NotSame(one.Implementation.Waker, two.Implementation.Waker);
    }

    /// <summary>Wakes one writer in a batch and tells whether the waker ran it inline.</summary>
    private static async Task<bool> RunBatchAsync(SendQueueWaker waker)
    {
        var queue = new SendQueue(waker);
        var reader = ReadOnceAsync(queue, waker);
        using (waker.BeginBatch())
        {
            Assert.True(queue.TryWrite(Message));
        }

        var inline = await reader.WaitAsync(Timeout);
        var items = queue.TakeAll(out var count, out _);
        queue.Return(items, count);
        Assert.Equal(1, count);
        return inline;
    }

    private static async Task<bool> ReadOnceAsync(SendQueue queue, SendQueueWaker waker)
    {
        await queue.WaitAsync().ConfigureAwait(false);
        return waker.IsRunningInline;
    }
}
