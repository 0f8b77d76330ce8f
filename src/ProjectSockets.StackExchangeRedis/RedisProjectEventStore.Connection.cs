using StackExchange.Redis;

namespace ProjectSockets.StackExchangeRedis;

internal sealed partial class RedisProjectEventStore
{
    private IConnectionMultiplexer? _watched;

    internal async Task<IDatabaseAsync> GetDatabaseAsync() => (await GetConnectionAsync().ConfigureAwait(false)).GetDatabase();

    internal async Task<ISubscriber> GetSubscriberAsync() => (await GetConnectionAsync().ConfigureAwait(false)).GetSubscriber();

    public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        _verifyTimer?.Dispose();
        ProjectFeed[] feeds;
        lock (_gate)
        {
            feeds = [.. _feeds.Values];
            _feeds.Clear();
        }

        await Task.WhenAll(feeds.Select(feed => feed.StopAsync())).ConfigureAwait(false);
        if (Interlocked.Exchange(ref _watched, null) is { } multiplexer)
        {
            multiplexer.ConnectionFailed -= OnConnectionFailed;
            multiplexer.ConnectionRestored -= OnConnectionRestored;
        }

        await _connection.DisposeAsync().ConfigureAwait(false);
    }

    internal async Task<IConnectionMultiplexer> GetConnectionAsync()
    {
        var multiplexer = await _connection.GetAsync().ConfigureAwait(false);
        if (_watched is null && Interlocked.CompareExchange(ref _watched, multiplexer, null) is null)
        {
            multiplexer.ConnectionFailed += OnConnectionFailed;
            multiplexer.ConnectionRestored += OnConnectionRestored;
        }

        return multiplexer;
    }

    /// <summary>Gets whether Redis answers: the connection that runs commands is up (the listening one may not be).</summary>
    internal bool IsConnected => _watched?.IsConnected == true;

    /// <summary>
    /// Waits until the connection that listens to <paramref name="channel"/> is up, the connection state changes
    /// (a connection restored or failed), or <paramref name="timeout"/> passes; whichever comes first.
    /// </summary>
    internal async Task WaitListeningAsync(RedisChannel channel, TimeSpan timeout)
    {
        var multiplexer = await GetConnectionAsync().ConfigureAwait(false);
        var changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        void OnChanged(object? sender, ConnectionFailedEventArgs e) => changed.TrySetResult();
        multiplexer.ConnectionRestored += OnChanged;
        multiplexer.ConnectionFailed += OnChanged;
        try
        {
            if (!multiplexer.GetSubscriber().IsConnected(channel) && timeout > TimeSpan.Zero)
            {
                await changed.Task.WaitAsync(timeout, _timeProvider).ConfigureAwait(false);
            }
        }
        catch (TimeoutException)
        {
            // The caller tries once more and fails with what Redis answers.
        }
        finally
        {
            multiplexer.ConnectionRestored -= OnChanged;
            multiplexer.ConnectionFailed -= OnChanged;
        }
    }

    private void OnConnectionFailed(object? sender, ConnectionFailedEventArgs e)
    {
        Statistics.Metrics.ConnectionFailed(ConnectionTypeTag(e.ConnectionType));
        RedisProjectEventStoreLog.ConnectionFailed(Logger, e.ConnectionType.ToString(), e.FailureType.ToString(), e.Exception);
    }

    /// <summary>Messages published while the connection was down never arrive: every listened project is checked.</summary>
    private void OnConnectionRestored(object? sender, ConnectionFailedEventArgs e)
    {
        Statistics.Metrics.Reconnected(ConnectionTypeTag(e.ConnectionType));
        RedisProjectEventStoreLog.ConnectionRestored(Logger, e.ConnectionType.ToString(), _feeds.Count);
        CatchUpAll();
    }

    private static string ConnectionTypeTag(ConnectionType type) => type switch
    {
        ConnectionType.Interactive => "interactive",
        ConnectionType.Subscription => "subscription",
        _ => "other",
    };
}
