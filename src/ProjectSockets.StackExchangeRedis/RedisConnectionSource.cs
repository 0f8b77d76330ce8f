using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace ProjectSockets.StackExchangeRedis;

/// <summary>
/// The store's Redis connection: made on first use from the configuration (and then owned and disposed here), or
/// taken from the host (and left to the host).
/// </summary>
internal sealed class RedisConnectionSource(IOptions<ProjectSocketsRedisOptions> options, IServiceProvider services) : IAsyncDisposable, IDisposable
{
    private readonly Lock _gate = new();
    private Task<IConnectionMultiplexer>? _connection;
    private bool _owned;
    private bool _disposed;

    /// <summary>Gets the connection, connecting on first use; a failed attempt is tried again on the next call.</summary>
    public Task<IConnectionMultiplexer> GetAsync()
    {
        var connection = _connection;
        if (connection is { IsFaulted: false, IsCanceled: false } && !_disposed)
        {
            return connection;
        }

        lock (_gate)
        {
            if (_disposed)
            {
                return Task.FromException<IConnectionMultiplexer>(new ObjectDisposedException(nameof(RedisConnectionSource)));
            }

            if (_connection is null || _connection.IsFaulted || _connection.IsCanceled)
            {
                _connection = ConnectAsync();
            }

            return _connection;
        }
    }

    public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();

    public async ValueTask DisposeAsync()
    {
        Task<IConnectionMultiplexer>? connection;
        lock (_gate)
        {
            connection = _connection;
            _disposed = true;
        }

        if (_owned && connection is not null)
        {
            try
            {
                await (await connection.ConfigureAwait(false)).DisposeAsync().ConfigureAwait(false);
            }
            catch (Exception exception) when (exception is RedisException or TimeoutException)
            {
                // It never connected: nothing to close.
            }
        }
    }

    private async Task<IConnectionMultiplexer> ConnectAsync()
    {
        var settings = options.Value;
        if (settings.ConnectionFactory is { } factory)
        {
            return factory(services);
        }

        _owned = true;
        return await ConnectionMultiplexer.ConnectAsync(settings.Configuration).ConfigureAwait(false);
    }
}
