using System.Threading.Channels;
using StackExchange.Redis;

namespace ProjectSockets.StackExchangeRedis;

/// <summary>
/// One project's delivery on this node, while it has local subscribers: listens to the project's channel and hands
/// the manager every event once, in seq order, from the channel or, for what the channel missed, from history.
/// Work is handled one item at a time; the delivery cursor and the sink are touched only under <see cref="_sync"/>,
/// which a publisher on this node also takes to deliver its own event at once when it is the next one.
/// </summary>
internal sealed partial class ProjectFeed
{
    // How many times one subscription waits for the listening connection before it fails: each wait ends when that
    // connection comes up (or any connection event), so a few are enough, and a fault that persists cannot spin.
    private const int MaxWaitsForListening = 5;
    private readonly RedisProjectEventStore _store;
    private readonly Channel<FeedWork> _work = Channel.CreateUnbounded<FeedWork>(new UnboundedChannelOptions
    {
        // Not single-reader: only the general channel can count what waits (see PendingCount).
        SingleReader = false,
        SingleWriter = false,
        AllowSynchronousContinuations = false,
    });

    private readonly Lock _sync = new();

    // How many subscribers each recent event was queued for, for the publisher on this node to report.
    private readonly (long Seq, int Count)[] _recent = new (long, int)[64];
    private ChannelMessageQueue? _subscription;
    private bool _initialized;
    private bool _paused;
    private string _epoch = string.Empty;
    private byte[] _epochBytes = [];
    private long _cursor;
    private int _catchUpQueued;

    public ProjectFeed(string project, RedisProjectEventStore store)
    {
        Project = project;
        _store = store;
        Completion = RunAsync();
    }

    public string Project { get; }

    /// <summary>Completes when the feed has stopped handling work.</summary>
    public Task Completion { get; }

    /// <summary>Gets how many work items wait. Read by the store under its gate before retiring the feed.</summary>
    public int PendingCount => _work.Reader.Count;

    public bool Post(FeedWork work) => _work.Writer.TryWrite(work);

    /// <summary>Queues one check against Redis, unless one is already waiting.</summary>
    public void RequestCatchUp()
    {
        if (Interlocked.Exchange(ref _catchUpQueued, 1) == 0 && !Post(FeedWork.CatchUp))
        {
            Volatile.Write(ref _catchUpQueued, 0);
        }
    }

    /// <summary>Stops taking work. Called by the store under its gate.</summary>
    public void Complete() => _work.Writer.TryComplete();

    /// <summary>Stops listening after the feed has stopped; for the store's disposal.</summary>
    public async Task StopAsync()
    {
        Complete();
        await Completion.ConfigureAwait(false);
        if (_subscription is not null)
        {
            await UnsubscribeAsync().ConfigureAwait(false);
        }
    }

    private async Task RunAsync()
    {
        var reader = _work.Reader;
        while (await reader.WaitToReadAsync().ConfigureAwait(false))
        {
            while (reader.TryRead(out var work))
            {
                try
                {
                    await HandleAsync(work).ConfigureAwait(false);
                }
                catch (Exception exception)
                {
                    RedisProjectEventStoreLog.FeedFailed(_store.Logger, Project, work.Kind, exception);
                    work.Attach?.Fail(exception);
                    work.Done?.TrySetResult();
                }
            }

            // Without a subscription nothing is left to deliver: the feed leaves unless new work came meanwhile.
            if (_subscription is null && _store.TryRetire(this))
            {
                break;
            }
        }

        // Retired or stopped: nothing is left, unless the store was disposed with work still queued.
        while (reader.TryRead(out var left))
        {
            left.Attach?.Cancel();
            left.Done?.TrySetResult();
        }
    }

    private async Task HandleAsync(FeedWork work)
    {
        if (_store.IsDisposed)
        {
            work.Attach?.Cancel();
            work.Done?.TrySetResult();
            return;
        }

        switch (work.Kind)
        {
            case FeedWorkKind.Message:
                if (!TryDeliver(work.Source, work.Message))
                {
                    await FillAsync(afterGap: true).ConfigureAwait(false);
                }

                break;
            case FeedWorkKind.Attach:
                await AttachAsync(work.Attach!).ConfigureAwait(false);
                break;
            case FeedWorkKind.Detach:
                await UnsubscribeIfUnusedAsync().ConfigureAwait(false);
                break;
            case FeedWorkKind.CatchUp:
                Volatile.Write(ref _catchUpQueued, 0);
                await CatchUpAsync().ConfigureAwait(false);
                break;
            case FeedWorkKind.Barrier:
                work.Done!.TrySetResult();
                break;
        }
    }
}
