using StackExchange.Redis;

namespace ProjectSockets.StackExchangeRedis;

internal sealed partial class RedisProjectEventStore
{
    private IConnectionMultiplexer? _watched;

    internal async Task<IDatabaseAsync> GetDatabaseAsync() => (await GetConnectionAsync()).GetDatabase();

    internal async Task<ISubscriber> GetSubscriberAsync() => (await GetConnectionAsync()).GetSubscriber();

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

        await Task.WhenAll(feeds.Select(feed => feed.StopAsync()));
        if (Interlocked.Exchange(ref _watched, null) is { } multiplexer)
        {
            multiplexer.ConnectionFailed -= OnConnectionFailed;
            multiplexer.ConnectionRestored -= OnConnectionRestored;
        }

        await _connection.DisposeAsync();
    }

    internal async Task<IConnectionMultiplexer> GetConnectionAsync()
    {
        var multiplexer = await _connection.GetAsync();
        if (_watched is null && Interlocked.CompareExchange(ref _watched, multiplexer, null) is null)
        {
            multiplexer.ConnectionFailed += OnConnectionFailed;
            multiplexer.ConnectionRestored += OnConnectionRestored;
        }

        return multiplexer;
    }

    private void OnConnectionFailed(object? sender, ConnectionFailedEventArgs e)
        => RedisProjectEventStoreLog.ConnectionFailed(Logger, e.ConnectionType.ToString(), e.FailureType.ToString(), e.Exception);

    /// <summary>Messages published while the connection was down never arrive: every listened project is checked.</summary>
    private void OnConnectionRestored(object? sender, ConnectionFailedEventArgs e)
    {
        RedisProjectEventStoreLog.ConnectionRestored(Logger, e.ConnectionType.ToString(), _feeds.Count);
        CatchUpAll();
    }
}
