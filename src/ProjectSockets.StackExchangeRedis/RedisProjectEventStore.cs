using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace ProjectSockets.StackExchangeRedis;

/// <summary>
/// The scale-out event store on Redis: a script gives each event its seq, keeps it in history and publishes it in
/// one atomic step; each node listens to the channels of the projects it has subscribers of, and delivers every
/// event once and in order, filling from history what the channel missed.
/// </summary>
internal sealed partial class RedisProjectEventStore : IProjectEventStore, IAsyncDisposable, IDisposable
{
    private readonly ConcurrentDictionary<string, ProjectFeed> _feeds = new(StringComparer.Ordinal);

    // Guards creating, posting attach/detach work to, and retiring feeds, so that work never lands in a retired feed.
    private readonly Lock _gate = new();
    private readonly RedisConnectionSource _connection;
    private readonly TimeProvider _timeProvider;
    private readonly ITimer? _verifyTimer;
    private IProjectEventSink? _sink;
    private int _disposed;

    public RedisProjectEventStore(
        IOptions<ProjectSocketsRedisOptions> redisOptions,
        IOptions<ProjectSocketsOptions> options,
        RedisConnectionSource connection,
        TimeProvider timeProvider,
        ILogger<RedisProjectEventStore>? logger = null)
    {
        var settings = redisOptions.Value;
        NodeId = settings.NodeId ?? ConnectionIds.Create();
        History = new RedisHistory(new RedisKeys(settings.KeyPrefix), options.Value.History, settings.ProjectExpiry);
        _connection = connection;
        _timeProvider = timeProvider;
        AttachTimeout = options.Value.CommandTimeout;
        Logger = logger ?? (ILogger)NullLogger.Instance;
        if (settings.VerifyInterval != Timeout.InfiniteTimeSpan)
        {
            _verifyTimer = timeProvider.CreateTimer(static state => ((RedisProjectEventStore)state!).CatchUpAll(), this, settings.VerifyInterval, settings.VerifyInterval);
        }
    }

    public RedisHistory History { get; }

    /// <summary>Gets the id this node goes by in Redis (<see cref="ProjectSocketsRedisOptions.NodeId"/>, or a random one).</summary>
    public string NodeId { get; }

    public RedisStoreStatistics Statistics { get; } = new();

    public ILogger Logger { get; }

    public TimeProvider TimeProvider => _timeProvider;

    /// <summary>Gets how long a subscription waits for a slow Redis before it fails: the core's command timeout.</summary>
    public TimeSpan AttachTimeout { get; }

    /// <summary>Gets how many projects this node has a feed for (listening, or about to): for tests of reclaimed state.</summary>
    internal int FeedCount => _feeds.Count;

    /// <summary>Gets the feeds alive now: for tests that wait until they are retired.</summary>
    internal ProjectFeed[] Feeds => [.. _feeds.Values];

    public IProjectEventSink Sink => _sink ?? throw new InvalidOperationException("No sink is registered with this store.");

    public bool IsDisposed => Volatile.Read(ref _disposed) != 0;

    public void RegisterSink(IProjectEventSink sink)
    {
        ArgumentNullException.ThrowIfNull(sink);
        if (Interlocked.CompareExchange(ref _sink, sink, null) is not null)
        {
            throw new InvalidOperationException("A sink is already registered with this store.");
        }
    }

    public async ValueTask<PublishResult> AppendAsync(string project, string eventName, ReadOnlyMemory<byte> data, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(project);
        ArgumentNullException.ThrowIfNull(eventName);
        cancellationToken.ThrowIfCancellationRequested();
        ObjectDisposedException.ThrowIf(IsDisposed, this);

        // Not cancelled once sent: the caller must not be told "not stored" about an event that was.
        var database = await GetDatabaseAsync().ConfigureAwait(false);
        var nowMs = NowMs();
        var (seq, epoch) = await History.AppendAsync(database, project, History.Keys.Channel(project), nowMs, eventName, data).ConfigureAwait(false);
        var local = _feeds.TryGetValue(project, out var feed) ? feed.DeliverOwn(seq, epoch, nowMs, eventName, data.Span) : 0;
        return new PublishResult(project, seq, epoch, local);
    }

    public ValueTask<TResult> AttachAsync<TResult>(string project, long? since, string? epoch, Func<ProjectAttachment, TResult> attach, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(project);
        ArgumentNullException.ThrowIfNull(attach);
        cancellationToken.ThrowIfCancellationRequested();
        ObjectDisposedException.ThrowIf(IsDisposed, this);

        // Completes once the callback ran (or surely will not): the manager relies on it when it cleans up.
        var request = new AttachRequest<TResult>(since, epoch, attach, cancellationToken);
        Post(project, new FeedWork(FeedWorkKind.Attach, Attach: request), create: true);
        return new ValueTask<TResult>(request.Task);
    }

    public void Detach(string project)
    {
        ArgumentNullException.ThrowIfNull(project);

        // Called under the manager's lock: only queued. The feed checks, in order with attaches, that nobody is left.
        Post(project, FeedWork.Detach, create: false);
    }

    /// <summary>Completes once every work item queued for the project before this call has been handled.</summary>
    internal Task FlushAsync(string project)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        if (!Post(project, new FeedWork(FeedWorkKind.Barrier, Done: done), create: false))
        {
            done.TrySetResult();
        }

        return done.Task;
    }

    internal long NowMs() => _timeProvider.GetUtcNow().ToUnixTimeMilliseconds();

    /// <summary>Removes a feed that has nothing left to do. Called by the feed itself.</summary>
    internal bool TryRetire(ProjectFeed feed)
    {
        lock (_gate)
        {
            if (feed.PendingCount > 0)
            {
                return false;
            }

            _feeds.TryRemove(new KeyValuePair<string, ProjectFeed>(feed.Project, feed));
            feed.Complete();
            return true;
        }
    }

    private bool Post(string project, FeedWork work, bool create)
    {
        lock (_gate)
        {
            if (!_feeds.TryGetValue(project, out var feed))
            {
                if (!create || IsDisposed)
                {
                    return false;
                }

                feed = new ProjectFeed(project, this);
                _feeds[project] = feed;
            }

            return feed.Post(work);
        }
    }

    private void CatchUpAll()
    {
        foreach (var feed in _feeds.Values)
        {
            feed.RequestCatchUp();
        }
    }
}
