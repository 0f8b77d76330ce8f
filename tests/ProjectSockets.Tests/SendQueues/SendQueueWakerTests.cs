using Microsoft.Extensions.Time.Testing;
using ProjectSockets.Tests.Testing;

namespace ProjectSockets.Tests.SendQueues;

/// <summary>
/// Each waker keeps its own record of recent batches; these tests still run alone, so that the thread pool they
/// observe is not busy with the tests beside them.
/// </summary>
[Collection(nameof(SendQueueWakerTests))]
public sealed class SendQueueWakerTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);
    private static readonly OutboundMessage Message = new("{}"u8.ToArray(), Counted: false);

    [Fact]
    public void ShouldRunInline_AfterAGap_AndResetsTheCount()
    {
        var close = 5;

        Assert.True(SendQueueWaker.ShouldRunInline(SendQueueWaker.BurstGap, ref close));
        Assert.Equal(0, close);
    }

    [Fact]
    public void ShouldRunInline_AllowsOneCloseBatch_ThenNotUntilAGap()
    {
        var close = 0;
        var tooClose = SendQueueWaker.BurstGap - TimeSpan.FromTicks(1);

        Assert.True(SendQueueWaker.ShouldRunInline(tooClose, ref close));
        Assert.False(SendQueueWaker.ShouldRunInline(tooClose, ref close));
        Assert.False(SendQueueWaker.ShouldRunInline(TimeSpan.Zero, ref close));
        Assert.True(SendQueueWaker.ShouldRunInline(SendQueueWaker.BurstGap, ref close));
        Assert.True(SendQueueWaker.ShouldRunInline(tooClose, ref close));
    }

    [Fact]
    public async Task FirstBatch_RunsTheWriterInline_BeforeTheBatchEnds()
    {
        var clock = new FakeTimeProvider();
        var waker = new SendQueueWaker(clock);
        var queue = new SendQueue(waker);
        var reader = ReadOnceAsync(queue, waker);

        using (waker.BeginBatch())
        {
            Assert.True(queue.TryWrite(Message));
            Assert.False(reader.IsCompleted);
        }

        // Ran on this thread while the batch ended: no thread had to be woken.
        Assert.True(reader.IsCompleted);
        Assert.True(await reader);
    }

    [Fact]
    public async Task BatchesBackToBack_RunTheirWritersOnTheThreadPool()
    {
        var clock = new FakeTimeProvider();
        var waker = new SendQueueWaker(clock);
        var queue = new SendQueue(waker);
        var observed = new List<bool>();
        for (var i = 0; i < 3; i++)
        {
            // The fake clock does not move: every batch begins right where the previous one ended.
            var reader = ReadOnceAsync(queue, waker);
            using (waker.BeginBatch())
            {
                Assert.True(queue.TryWrite(Message));
            }

            observed.Add(await reader.WaitAsync(Timeout));
            Assert.Equal(1, Drain(queue));
        }

        Assert.Equal([true, true, false], observed);
    }

    [Fact]
    public async Task ABurst_WakesEveryWriter_AcrossSeveralChunks_AndAgainWithTheSameList()
    {
        var clock = new FakeTimeProvider();
        var waker = new SendQueueWaker(clock);
        var queue = new SendQueue(waker);
        for (var i = 0; i < 2; i++)
        {
            // Two batches back to back use up what may run inline.
            var first = ReadOnceAsync(queue, waker);
            using (waker.BeginBatch())
            {
                Assert.True(queue.TryWrite(Message));
            }

            await first.WaitAsync(Timeout);
            Drain(queue);
        }

        for (var round = 0; round < 3; round++)
        {
            // 40 writers: three chunks of the thread pool's, each run taking the next one.
            var queues = Enumerable.Range(0, 40).Select(_ => new SendQueue(waker)).ToArray();
            var readers = queues.Select(q => ReadOnceAsync(q, waker)).ToArray();
            using (waker.BeginBatch())
            {
                foreach (var q in queues)
                {
                    Assert.True(q.TryWrite(Message));
                }
            }

            var inline = await Task.WhenAll(readers).WaitAsync(Timeout);
            Assert.All(inline, Assert.False);
            Assert.All(queues, q => Assert.Equal(1, Drain(q)));
        }
    }

    [Fact]
    public async Task NestedBatches_RunTheirWakeUpsWhenTheOutermostEnds()
    {
        var clock = new FakeTimeProvider();
        var waker = new SendQueueWaker(clock);
        var queue = new SendQueue(waker);
        var reader = ReadOnceAsync(queue, waker);

        using (waker.BeginBatch())
        {
            using (waker.BeginBatch())
            {
                Assert.True(queue.TryWrite(Message));
            }

            Assert.False(reader.IsCompleted);
        }

        Assert.True(await reader.WaitAsync(Timeout));
    }

    [Fact]
    public Task Writer_SendsOneBatchInline_ThenContinuesOnThePool()
        => Task.Run(async () =>
        {
            // Run without the test framework's synchronization context, as a server runs: the writer's continuations
            // then run where they are resumed.
            await using var server = new TestServer();
            RecordingConnection? recording = null;
            var client = await server.ConnectAsync(new ConnectionRequest { RouteProject = "p1" }, c => recording = new RecordingConnection(c, server.Implementation.Waker));
            recording!.OnFirstRecordedSend = () => Assert.True(server.Manager.SendToConnection(client.Id, "more", null));
            recording.Record = true;

            await server.Publisher.PublishAsync("p1", "e", 1);

            await client.ReceiveAsync("event");
            await client.ReceiveAsync("event");
            Assert.Equal([true, false], recording.SentInline);
        });

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public Task WritersRunInline_AfterTheStoreReleasedTheProjectsLock(bool throughManager)
        => Task.Run(async () =>
        {
            await using var server = new TestServer();
            RecordingConnection? recording = null;
            await server.ConnectAsync(new ConnectionRequest { RouteProject = "p1" }, c => recording = new RecordingConnection(c, server.Implementation.Waker));
            var otherPublish = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
            recording!.OnFirstRecordedSend = () =>
            {
                // Runs inside the inline send: a publish to the same project from another thread must not wait for
                // this one, which it would if the store's lock were still held here.
                var publish = Task.Run(async () => await server.Publisher.PublishAsync("p1", "other", 2));
                otherPublish.SetResult(publish.Wait(Timeout));
            };
            recording.Record = true;

            if (throughManager)
            {
                await server.Manager.BroadcastAsync("p1", "e", 1);
            }
            else
            {
                await server.Publisher.PublishAsync("p1", "e", 1);
            }

            Assert.True(await otherPublish.Task.WaitAsync(Timeout));
            Assert.True(recording.SentInline[0]);
        });

    [Fact]
    public Task WritersRunInline_DoNotCaptureThePublishersSynchronizationContext()
        => Task.Run(async () =>
        {
            await using var server = new TestServer();
            RecordingConnection? recording = null;
            var client = await server.ConnectAsync(new ConnectionRequest { RouteProject = "p1" }, c => recording = new RecordingConnection(c, server.Implementation.Waker));
            var sendGate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            recording!.DelayFirstRecordedSend = sendGate.Task;
            recording.Record = true;
            var context = new CountingSynchronizationContext();

            // Published on a thread whose context would take every continuation posted to it.
            var published = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var thread = new Thread(() =>
            {
                SynchronizationContext.SetSynchronizationContext(context);
                _ = server.Publisher.PublishAsync("p1", "e", 1).AsTask().Result;
                published.SetResult();
            });
            thread.IsBackground = true;
            thread.Start();
            await published.Task.WaitAsync(Timeout);

            // The writer ran inline, then awaited its send; it resumes elsewhere, never through that context.
            Assert.Equal([true], recording.SentInline);
            sendGate.SetResult();
            await client.ReceiveAsync("event");
            Assert.True(server.Manager.SendToConnection(client.Id, "more", null));
            await client.ReceiveAsync("event");
            Assert.Equal(0, context.Posts);
        });

    [Fact]
    public async Task WakeUpsOutsideABatch_GoToThePool()
    {
        var waker = new SendQueueWaker(new FakeTimeProvider());
        var queue = new SendQueue(waker);
        var reader = ReadOnceAsync(queue, waker);

        Assert.True(queue.TryWrite(Message));

        Assert.False(await reader.WaitAsync(Timeout));
    }

    /// <summary>
    /// Waits once for the queue and tells whether the reader was resumed inline by a batch. Without a synchronization
    /// context to return to, as a writer runs.
    /// </summary>
    private static async Task<bool> ReadOnceAsync(SendQueue queue, SendQueueWaker waker)
    {
        await queue.WaitAsync().ConfigureAwait(false);
        return waker.IsRunningInline;
    }

    private static int Drain(SendQueue queue)
    {
        var items = queue.TakeAll(out var count, out _);
        queue.Return(items, count);
        return count;
    }
}

/// <summary>Runs <see cref="SendQueueWakerTests"/> while no other test runs.</summary>
[CollectionDefinition(nameof(SendQueueWakerTests), DisableParallelization = true)]
public sealed class SendQueueWakerCollection;

/// <summary>Records, for each send once <see cref="Record"/> is set, whether it ran inline at the end of a batch.</summary>
internal sealed class RecordingConnection(IConnection inner, SendQueueWaker waker) : IConnection
{
    private readonly Lock _lock = new();
    private readonly List<bool> _sentInline = [];

    public volatile bool Record;

    public Action? OnFirstRecordedSend { get; set; }

    /// <summary>Gets or sets a task the first recorded send waits for after it is recorded.</summary>
    public Task? DelayFirstRecordedSend { get; set; }

    public List<bool> SentInline
    {
        get
        {
            lock (_lock)
            {
                return [.. _sentInline];
            }
        }
    }

    public string Id => inner.Id;

    public ConnectionRequest Request => inner.Request;

    public ValueTask SendAsync(ReadOnlyMemory<byte> utf8Message, CancellationToken cancellationToken = default)
    {
        if (Record)
        {
            bool first;
            lock (_lock)
            {
                _sentInline.Add(waker.IsRunningInline);
                first = _sentInline.Count == 1;
            }

            if (first)
            {
                OnFirstRecordedSend?.Invoke();
                if (DelayFirstRecordedSend is { } delay)
                {
                    return SendAfterAsync(delay, utf8Message, cancellationToken);
                }
            }
        }

        return inner.SendAsync(utf8Message, cancellationToken);
    }

    private async ValueTask SendAfterAsync(Task delay, ReadOnlyMemory<byte> utf8Message, CancellationToken cancellationToken)
    {
        await delay.ConfigureAwait(false);
        await inner.SendAsync(utf8Message, cancellationToken).ConfigureAwait(false);
    }

    public ValueTask<ReceiveResult> ReceiveAsync(System.Buffers.IBufferWriter<byte> destination, int maxMessageBytes, CancellationToken cancellationToken = default)
        => inner.ReceiveAsync(destination, maxMessageBytes, cancellationToken);

    public ValueTask CloseAsync(int closeCode, string reason, CancellationToken cancellationToken = default)
        => inner.CloseAsync(closeCode, reason, cancellationToken);

    public void Abort() => inner.Abort();
}

/// <summary>Counts the continuations posted to it and runs them on the thread pool.</summary>
internal sealed class CountingSynchronizationContext : SynchronizationContext
{
    private int _posts;

    public int Posts => Volatile.Read(ref _posts);

    public override void Post(SendOrPostCallback d, object? state)
    {
        Interlocked.Increment(ref _posts);
        ThreadPool.QueueUserWorkItem(_ => d(state));
    }
}
