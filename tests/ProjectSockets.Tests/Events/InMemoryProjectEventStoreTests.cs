using System.Text;
using Microsoft.Extensions.Time.Testing;
using NSubstitute;

namespace ProjectSockets.Tests.Events;

public sealed class InMemoryProjectEventStoreTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 27, 10, 0, 0, TimeSpan.Zero));

    [Fact]
    public async Task Append_NumbersEachProjectFromOne()
    {
        var store = CreateStore();

        var a1 = await store.AppendAsync("a", "e", "1"u8.ToArray());
        var a2 = await store.AppendAsync("a", "e", "2"u8.ToArray());
        var b1 = await store.AppendAsync("b", "e", "3"u8.ToArray());

        Assert.Equal([1L, 2L, 1L], [a1.Seq, a2.Seq, b1.Seq]);
    }

    [Fact]
    public async Task Append_KeepsOneEpochPerProject_AndANewOnePerStore()
    {
        var store = CreateStore();
        var other = CreateStore();

        var first = await store.AppendAsync("a", "e", "1"u8.ToArray());
        var second = await store.AppendAsync("a", "e", "1"u8.ToArray());
        var elsewhere = await store.AppendAsync("b", "e", "1"u8.ToArray());
        var restarted = await other.AppendAsync("a", "e", "1"u8.ToArray());

        Assert.Equal(first.Epoch, second.Epoch);
        Assert.NotEqual(first.Epoch, elsewhere.Epoch);
        Assert.NotEqual(first.Epoch, restarted.Epoch);
    }

    [Fact]
    public async Task Append_DeliversEncodedEventToSink_AndReportsItsCount()
    {
        var sink = Substitute.For<IProjectEventSink>();
        ProjectEvent? delivered = null;
        sink.Deliver(Arg.Do<ProjectEvent>(e => delivered = e)).Returns(3);
        var store = CreateStore(sink: sink);

        var result = await store.AppendAsync("p1", "task_started", """{"id":1}"""u8.ToArray());

        Assert.Equal(new PublishResult("p1", 1, result.Epoch, 3), result);
        Assert.NotNull(delivered);
        Assert.Equal("task_started", delivered.EventName);
        Assert.Equal(_time.GetUtcNow(), delivered.Timestamp);
        Assert.Equal(
            $$$"""{"type":"event","project":"p1","event":"task_started","seq":1,"epoch":"{{{result.Epoch}}}","time":"2026-11-27T10:00:00.000Z","data":{"id":1}}""",
            Encoding.UTF8.GetString(delivered.Message.Span));
    }

    [Fact]
    public async Task Append_WithCancelledToken_StoresNothing()
    {
        var store = CreateStore();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await store.AppendAsync("p1", "e", "1"u8.ToArray(), new CancellationToken(true)));
        var next = await store.AppendAsync("p1", "e", "1"u8.ToArray());

        Assert.Equal(1, next.Seq);
    }

    [Fact]
    public void RegisterSink_Twice_Throws()
    {
        var store = CreateStore();

        Assert.Throws<InvalidOperationException>(() => store.RegisterSink(Substitute.For<IProjectEventSink>()));
    }

    [Fact]
    public async Task Attach_WithoutSince_IsNotRecovered_AndReplaysNothing()
    {
        var store = CreateStore();
        var published = await PublishAsync(store, 3);

        var attachment = await AttachAsync(store, null, published.Epoch);

        Assert.Equal(new SubscriptionPosition("p1", 3, published.Epoch, false), attachment.Position);
        Assert.Empty(attachment.Replay);
    }

    [Fact]
    public async Task Attach_ToProjectWithNoEvents_ReportsSeqZero()
    {
        var store = CreateStore();

        var attachment = await AttachAsync(store, null, null);

        Assert.Equal(0, attachment.Position.Seq);
        Assert.False(string.IsNullOrEmpty(attachment.Position.Epoch));
    }

    [Fact]
    public async Task Attach_InsideTheWindow_ReplaysExactlyTheMissedEventsInOrder()
    {
        var store = CreateStore();
        var published = await PublishAsync(store, 10);

        var attachment = await AttachAsync(store, 6, published.Epoch);

        Assert.True(attachment.Position.Recovered);
        Assert.Equal([7L, 8L, 9L, 10L], attachment.Replay.Select(e => e.Seq));
    }

    [Fact]
    public async Task Attach_FromZero_WithWholeHistory_ReplaysEverything()
    {
        var store = CreateStore();
        var published = await PublishAsync(store, 5);

        var attachment = await AttachAsync(store, 0, published.Epoch);

        Assert.True(attachment.Position.Recovered);
        Assert.Equal(5, attachment.Replay.Count);
    }

    [Fact]
    public async Task Attach_AtTheLatestSeq_IsRecoveredWithNothingToReplay()
    {
        var store = CreateStore();
        var published = await PublishAsync(store, 4);

        var attachment = await AttachAsync(store, 4, published.Epoch);

        Assert.True(attachment.Position.Recovered);
        Assert.Empty(attachment.Replay);
    }

    [Fact]
    public async Task Attach_BeyondTheLatestSeq_IsNotRecovered()
    {
        var store = CreateStore();
        var published = await PublishAsync(store, 4);

        var attachment = await AttachAsync(store, 5, published.Epoch);

        Assert.False(attachment.Position.Recovered);
        Assert.Empty(attachment.Replay);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("stale-epoch")]
    public async Task Attach_WithOtherEpoch_IsNotRecovered(string? epoch)
    {
        var store = CreateStore();
        await PublishAsync(store, 4);

        var attachment = await AttachAsync(store, 2, epoch);

        Assert.False(attachment.Position.Recovered);
        Assert.Empty(attachment.Replay);
    }

    [Fact]
    public async Task Attach_WithEpochOfAnotherStore_IsNotRecovered()
    {
        var restarted = CreateStore();
        var before = await PublishAsync(CreateStore(), 4);
        await PublishAsync(restarted, 4);

        var attachment = await AttachAsync(restarted, 2, before.Epoch);

        Assert.False(attachment.Position.Recovered);
    }

    [Fact]
    public async Task Attach_AfterCountWindow_IsNotRecovered()
    {
        var store = CreateStore(h => h.MaxEvents = 5);
        var published = await PublishAsync(store, 10);

        var outside = await AttachAsync(store, 4, published.Epoch);
        var edge = await AttachAsync(store, 5, published.Epoch);

        Assert.False(outside.Position.Recovered);
        Assert.True(edge.Position.Recovered);
        Assert.Equal([6L, 7L, 8L, 9L, 10L], edge.Replay.Select(e => e.Seq));
    }

    [Fact]
    public async Task Attach_AfterBytesWindow_IsNotRecovered()
    {
        var store = CreateStore();
        var published = await PublishAsync(store, 1);
        var eventBytes = (await AttachAsync(store, 0, published.Epoch)).Replay[0].Message.Length;
        var bounded = CreateStore(h => h.MaxBytes = (eventBytes * 3) + 1);
        var last = await PublishAsync(bounded, 6);

        var outside = await AttachAsync(bounded, 2, last.Epoch);
        var edge = await AttachAsync(bounded, 3, last.Epoch);

        Assert.False(outside.Position.Recovered);
        Assert.True(edge.Position.Recovered);
        Assert.Equal([4L, 5L, 6L], edge.Replay.Select(e => e.Seq));
    }

    [Fact]
    public async Task Attach_AfterAgeWindow_IsNotRecovered()
    {
        var store = CreateStore(h => h.MaxAge = TimeSpan.FromMinutes(10));
        await PublishAsync(store, 2);
        _time.Advance(TimeSpan.FromMinutes(5));
        var published = await PublishAsync(store, 2);
        _time.Advance(TimeSpan.FromMinutes(5) + TimeSpan.FromMilliseconds(1));

        var outside = await AttachAsync(store, 0, published.Epoch);
        var edge = await AttachAsync(store, 2, published.Epoch);

        Assert.False(outside.Position.Recovered);
        Assert.True(edge.Position.Recovered);
        Assert.Equal([3L, 4L], edge.Replay.Select(e => e.Seq));
    }

    [Fact]
    public async Task Attach_WhenEveryEventAgedOut_IsRecoveredOnlyAtTheLatestSeq()
    {
        // A subscriber stays, so the project is not forgotten (see InMemoryProjectEventStoreReclaimTests).
        var store = CreateStore(h => h.MaxAge = TimeSpan.FromMinutes(1), SinkWithASubscriber());
        var published = await PublishAsync(store, 3);
        _time.Advance(TimeSpan.FromMinutes(2));

        Assert.False((await AttachAsync(store, 2, published.Epoch)).Position.Recovered);
        Assert.True((await AttachAsync(store, 3, published.Epoch)).Position.Recovered);
    }

    [Fact]
    public async Task History_OfIdleProject_IsFreedOnceItAgesOut()
    {
        var store = CreateStore(h => h.MaxAge = TimeSpan.FromMinutes(10));
        await PublishAsync(store, 5);

        _time.Advance(TimeSpan.FromMinutes(10));
        var kept = store.HistoryCount("p1");
        _time.Advance(TimeSpan.FromMinutes(1));

        Assert.Equal(5, kept);
        Assert.Equal(0, store.HistoryCount("p1"));
    }

    [Fact]
    public async Task Sweep_OfAProjectWithASubscriber_KeepsSeqAndEpoch()
    {
        var store = CreateStore(h => h.MaxAge = TimeSpan.FromSeconds(30), SinkWithASubscriber());
        var before = await PublishAsync(store, 3);

        _time.Advance(TimeSpan.FromMinutes(2));
        var after = await store.AppendAsync("p1", "e", "1"u8.ToArray());

        Assert.Equal(1, store.HistoryCount("p1"));
        Assert.Equal(4, after.Seq);
        Assert.Equal(before.Epoch, after.Epoch);
    }

    [Fact]
    public async Task History_StaysWithinItsCountBound()
    {
        var store = CreateStore(h => h.MaxEvents = 7);

        await PublishAsync(store, 50);

        Assert.Equal(7, store.HistoryCount("p1"));
    }

    [Fact]
    public async Task History_OfZero_KeepsNothing_ButResumeAtLatestIsRecovered()
    {
        var store = CreateStore(h => h.MaxEvents = 0);
        var published = await PublishAsync(store, 3);

        Assert.Equal(0, store.HistoryCount("p1"));
        Assert.False((await AttachAsync(store, 2, published.Epoch)).Position.Recovered);
        Assert.True((await AttachAsync(store, 3, published.Epoch)).Position.Recovered);
    }

    [Fact]
    public async Task Attach_RunsUnderTheProjectLock_SoNoAppendSlipsBetween()
    {
        var store = CreateStore();
        await PublishAsync(store, 1);
        Thread? appender = null;
        PublishResult appended = default;

        var seenInside = await store.AttachAsync("p1", null, null, a =>
        {
            appender = new Thread(() => appended = store.AppendAsync("p1", "e", "1"u8.ToArray()).AsTask().GetAwaiter().GetResult());
            appender.Start();

            // The appender either blocks on the project's lock (as it must) or, if nothing holds it, runs to the end.
            var state = WaitUntilBlockedOrStopped(appender);
            Assert.Equal(ThreadState.WaitSleepJoin, state);
            return a.Position.Seq;
        });
        Assert.True(appender!.Join(TimeSpan.FromSeconds(10)));

        Assert.Equal(1, seenInside);
        Assert.Equal(2, appended.Seq);
    }

    private static ThreadState WaitUntilBlockedOrStopped(Thread thread)
    {
        var spin = new SpinWait();
        var deadline = Environment.TickCount64 + 10_000;
        while (Environment.TickCount64 < deadline)
        {
            var state = thread.ThreadState;
            if ((state & (ThreadState.WaitSleepJoin | ThreadState.Stopped)) != 0)
            {
                return state & (ThreadState.WaitSleepJoin | ThreadState.Stopped);
            }

            spin.SpinOnce();
        }

        throw new TimeoutException("The appender neither blocked nor finished.");
    }

    private InMemoryProjectEventStore CreateStore(Action<HistoryOptions>? history = null, IProjectEventSink? sink = null)
    {
        var options = new ProjectSocketsOptions();
        history?.Invoke(options.History);
        var store = new InMemoryProjectEventStore(Microsoft.Extensions.Options.Options.Create(options), _time);
        store.RegisterSink(sink ?? Substitute.For<IProjectEventSink>());
        return store;
    }

    private static IProjectEventSink SinkWithASubscriber()
    {
        var sink = Substitute.For<IProjectEventSink>();
        sink.GetSubscriberCount(Arg.Any<string>()).Returns(1);
        return sink;
    }

    private static async Task<PublishResult> PublishAsync(InMemoryProjectEventStore store, int count)
    {
        PublishResult last = default;
        for (var i = 0; i < count; i++)
        {
            last = await store.AppendAsync("p1", "e", "12345"u8.ToArray());
        }

        return last;
    }

    private static ValueTask<ProjectAttachment> AttachAsync(InMemoryProjectEventStore store, long? since, string? epoch)
        => store.AttachAsync("p1", since, epoch, a => a);
}
