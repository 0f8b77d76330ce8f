using System.Collections.Concurrent;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace ProjectSockets.StackExchangeRedis;

/// <summary>
/// Presence across nodes on Redis (see <see cref="RedisPresenceScripts"/> for the keys). Each node writes its own
/// members, in order, from one loop; at every <see cref="ProjectSocketsRedisOptions.PresenceRefreshInterval"/> it
/// renews its lease, puts back what Redis lost (a restart) or still holds of members gone here (a failed leave), and
/// removes the members of every node whose lease ended: a crashed node's members are gone within
/// <see cref="ProjectSocketsRedisOptions.PresenceLeaseTime"/> plus one refresh interval.
/// </summary>
internal sealed partial class RedisPresenceStore : IPresenceStore, IAsyncDisposable
{
    private readonly ConcurrentDictionary<(string Project, string Connection), PresenceMember> _local = new();
    private readonly Channel<(bool Join, string Project, string Connection, TaskCompletionSource? Flushed)> _writes =
        Channel.CreateUnbounded<(bool, string, string, TaskCompletionSource?)>(new UnboundedChannelOptions { SingleReader = true });
    private readonly RedisConnectionSource _connection;
    private readonly PresenceOptions _presence;
    private readonly RedisPresenceKeys _keys;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly ITimer? _timer;
    private IPresenceSink? _sink;
    private int _state; // 0 running, 1 disposed, 2 abandoned

    public RedisPresenceStore(
        IOptions<ProjectSocketsRedisOptions> redisOptions,
        IOptions<ProjectSocketsOptions> options,
        RedisConnectionSource connection,
        IProjectEventStore store,
        TimeProvider timeProvider,
        ILogger<RedisPresenceStore>? logger = null)
    {
        var settings = redisOptions.Value;
        NodeId = store is RedisProjectEventStore redis ? redis.NodeId : settings.NodeId ?? ConnectionIds.Create();
        _keys = new RedisPresenceKeys(settings.KeyPrefix, NodeId);
        _connection = connection;
        _presence = options.Value.Presence;
        _timeProvider = timeProvider;
        _logger = logger ?? (ILogger)NullLogger.Instance;
        LeaseTime = settings.PresenceLeaseTime;
        if (_presence.Enabled)
        {
            Writer = Task.Run(WriteAllAsync);
            _ = ListenAsync();
            _timer = timeProvider.CreateTimer(static state => _ = ((RedisPresenceStore)state!).RefreshAsync(), this, TimeSpan.Zero, settings.PresenceRefreshInterval);
        }
    }

    public string NodeId { get; }

    public TimeSpan LeaseTime { get; }

    /// <summary>Gets the loop that writes this node's joins and leaves (for tests).</summary>
    internal Task Writer { get; } = Task.CompletedTask;

    /// <summary>Gets how many refreshes have ended, successful or not (for tests that wait for one).</summary>
    internal int Refreshes => Volatile.Read(ref _refreshes);

    private int _refreshes;
    private TaskCompletionSource _nextRefresh = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes once at least <paramref name="count"/> refreshes have completed (for tests).</summary>
    internal async Task WaitForRefreshesAsync(int count)
    {
        while (true)
        {
            var next = Volatile.Read(ref _nextRefresh).Task;
            if (Refreshes >= count)
            {
                return;
            }

            await next.ConfigureAwait(false);
        }
    }

    /// <summary>Completes once every join and leave made before the call has been written (for tests).</summary>
    internal Task FlushAsync()
    {
        var flushed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        return _writes.Writer.TryWrite((false, string.Empty, string.Empty, flushed)) ? flushed.Task : Task.CompletedTask;
    }

    public bool IsEnabled(string project) => _presence.IsEnabledFor(project);

    public void RegisterSink(IPresenceSink sink) => _sink = sink;

    public void Join(string project, PresenceMember member)
    {
        _local[(project, member.ConnectionId)] = member;
        _writes.Writer.TryWrite((true, project, member.ConnectionId, null));
    }

    public void Leave(string project, string connectionId)
    {
        if (_local.TryRemove((project, connectionId), out _))
        {
            _writes.Writer.TryWrite((false, project, connectionId, null));
        }
    }

    public async ValueTask<IReadOnlyList<PresenceMember>> GetMembersAsync(string project, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(project);
        var database = (await _connection.GetAsync().ConfigureAwait(false)).GetDatabase();
        var values = await database.HashValuesAsync(_keys.Project(project)).ConfigureAwait(false);
        return [.. values.Select(v => RedisPresenceMember.Read(v!))];
    }

    public async ValueTask<long> GetCountAsync(string project, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(project);
        var database = (await _connection.GetAsync().ConfigureAwait(false)).GetDatabase();
        var count = await database.HashGetAsync(_keys.Counts, project).ConfigureAwait(false);
        return count.IsNull ? 0 : (long)count;
    }

    /// <summary>Stops as a crashed node would: no more writes, no lease renewal and no clean-up (for tests).</summary>
    internal void Abandon()
    {
        Interlocked.Exchange(ref _state, 2);
        _timer?.Dispose();
        _writes.Writer.TryComplete();
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.CompareExchange(ref _state, 1, 0) != 0)
        {
            return;
        }

        _timer?.Dispose();
        _writes.Writer.TryComplete();
        if (!_presence.Enabled)
        {
            return;
        }

        try
        {
            // A clean exit takes this node's members out at once instead of after its lease.
            await Writer.WaitAsync(TimeSpan.FromSeconds(2), _timeProvider).ConfigureAwait(false);
            var database = (await _connection.GetAsync().ConfigureAwait(false)).GetDatabase();
            await SweepAsync(database, NodeId).WaitAsync(TimeSpan.FromSeconds(2), _timeProvider).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is RedisException or TimeoutException or ObjectDisposedException)
        {
            RedisPresenceLog.CleanUpFailed(_logger, NodeId, exception);
        }
    }
}
