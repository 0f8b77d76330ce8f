using Microsoft.Extensions.Time.Testing;
using NSubstitute;

namespace ProjectSockets.Tests.Events;

/// <summary>Projects left with no subscriber and no history are forgotten; named again, they start in a new epoch.</summary>
public sealed class InMemoryProjectEventStoreReclaimTests
{
    private static readonly TimeSpan s_maxAge = TimeSpan.FromMinutes(10);
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 27, 10, 0, 0, TimeSpan.Zero));
    private readonly IProjectEventSink _sink = Substitute.For<IProjectEventSink>();

    [Fact]
    public async Task Sweep_PastMaxAge_ForgetsProjectsThatWereSubscribedAndLeft()
    {
        using var store = CreateStore();
        for (var i = 0; i < 1_000; i++)
        {
            await AttachAsync(store, $"p{i}");
            store.Detach($"p{i}");
        }

        Assert.Equal(1_000, store.ProjectCount);
        _time.Advance(s_maxAge + TimeSpan.FromMinutes(1));

        Assert.Equal(0, store.ProjectCount);
    }

    [Fact]
    public async Task Sweep_PastMaxAge_ForgetsProjectsWhoseHistoryAgedOut()
    {
        using var store = CreateStore();
        await store.AppendAsync("p1", "e", "1"u8.ToArray());

        _time.Advance(s_maxAge + TimeSpan.FromMinutes(1));

        Assert.Equal(0, store.ProjectCount);
    }

    [Fact]
    public async Task Sweep_KeepsAProjectThatStillHasASubscriber()
    {
        _sink.GetSubscriberCount("p1").Returns(1);
        using var store = CreateStore();
        await AttachAsync(store, "p1");

        _time.Advance(TimeSpan.FromHours(1));

        Assert.Equal(1, store.ProjectCount);
    }

    [Fact]
    public async Task Sweep_KeepsAProjectLeftLessThanMaxAgeAgo_SoThatItsClientCanStillResume()
    {
        _sink.GetSubscriberCount("p1").Returns(1);
        using var store = CreateStore();
        var epoch = (await AttachAsync(store, "p1")).Epoch;
        _time.Advance(TimeSpan.FromHours(1));
        _sink.GetSubscriberCount("p1").Returns(0);
        store.Detach("p1");

        _time.Advance(s_maxAge - TimeSpan.FromMinutes(2));
        var back = await AttachAsync(store, "p1", since: 0, epoch: epoch);

        Assert.True(back.Recovered);
        Assert.Equal(epoch, back.Epoch);
    }

    [Fact]
    public async Task ForgottenProject_NamedAgain_StartsInANewEpoch_AndAnOldPositionIsNotRecovered()
    {
        using var store = CreateStore();
        for (var i = 0; i < 3; i++)
        {
            await store.AppendAsync("p1", "e", "1"u8.ToArray());
        }

        var old = await AttachAsync(store, "p1");
        store.Detach("p1");
        _time.Advance(s_maxAge + TimeSpan.FromMinutes(1));
        Assert.Equal(0, store.ProjectCount);

        var resumed = await AttachAsync(store, "p1", since: old.Seq, epoch: old.Epoch);
        var first = await store.AppendAsync("p1", "e", "1"u8.ToArray());

        Assert.False(resumed.Recovered);
        Assert.NotEqual(old.Epoch, resumed.Epoch);
        Assert.Equal(0, resumed.Seq);
        Assert.Equal(1, first.Seq);
        Assert.Equal(resumed.Epoch, first.Epoch);
    }

    [Fact]
    public async Task AppendAndAttach_RacingTheSweep_NeverLoseAnEventOrMixEpochs()
    {
        using var store = CreateStore(maxAge: TimeSpan.FromSeconds(1));
        var appending = Task.Run(async () =>
        {
            var results = new List<PublishResult>();
            for (var i = 0; i < 20_000; i++)
            {
                results.Add(await store.AppendAsync("p1", "e", "1"u8.ToArray()));
            }

            return results;
        });
        var sweeps = 0;
        while (!appending.IsCompleted)
        {
            _time.Advance(TimeSpan.FromSeconds(2));
            sweeps++;
        }

        var results = await appending;
        Assert.True(sweeps > 0);

        // Within one epoch, seqs run 1, 2, 3… with no gap or repeat; a new epoch starts again at 1.
        foreach (var epoch in results.GroupBy(r => r.Epoch))
        {
            Assert.Equal(Enumerable.Range(1, epoch.Count()).Select(i => (long)i), epoch.Select(r => r.Seq));
        }
    }

    private InMemoryProjectEventStore CreateStore(TimeSpan? maxAge = null)
    {
        var options = new ProjectSocketsOptions();
        options.History.MaxAge = maxAge ?? s_maxAge;
        var store = new InMemoryProjectEventStore(Microsoft.Extensions.Options.Options.Create(options), _time);
        store.RegisterSink(_sink);
        return store;
    }

    private static ValueTask<SubscriptionPosition> AttachAsync(InMemoryProjectEventStore store, string project, long? since = null, string? epoch = null)
        => store.AttachAsync(project, since, epoch, static a => a.Position);
}
