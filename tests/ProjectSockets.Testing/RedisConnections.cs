using StackExchange.Redis;

namespace ProjectSockets.Testing;

/// <summary>Connections to a test's redis-server, and waits on their state instead of on time.</summary>
public static class RedisConnections
{
    /// <summary>Connects with admin commands allowed (PUBSUB, FLUSHALL, CLIENT KILL), not failing while Redis is down.</summary>
    public static async Task<ConnectionMultiplexer> ConnectAdminAsync(string configuration)
    {
        var options = ConfigurationOptions.Parse(configuration);
        options.AllowAdmin = true;
        options.AbortOnConnectFail = false;
        return await ConnectionMultiplexer.ConnectAsync(options);
    }

    /// <summary>Waits until <paramref name="multiplexer"/> is connected (at once when it already is), within <paramref name="timeout"/>.</summary>
    public static Task WaitConnectedAsync(IConnectionMultiplexer multiplexer, TimeSpan timeout)
        => WaitAsync(multiplexer, connected: true, timeout);

    /// <summary>Waits until <paramref name="multiplexer"/> has lost its connection (at once when it already has), within <paramref name="timeout"/>.</summary>
    public static Task WaitDisconnectedAsync(IConnectionMultiplexer multiplexer, TimeSpan timeout)
        => WaitAsync(multiplexer, connected: false, timeout);

    /// <summary>Starts watching for the next restored connection; await the result after breaking the connection.</summary>
    public static Task WatchNextRestoreAsync(IConnectionMultiplexer multiplexer, TimeSpan timeout)
    {
        var restored = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        void OnRestored(object? sender, ConnectionFailedEventArgs e) => restored.TrySetResult();
        multiplexer.ConnectionRestored += OnRestored;
        return restored.Task.WaitAsync(timeout).ContinueWith(t =>
        {
            multiplexer.ConnectionRestored -= OnRestored;
            t.GetAwaiter().GetResult();
        }, TaskScheduler.Default);
    }

    private static async Task WaitAsync(IConnectionMultiplexer multiplexer, bool connected, TimeSpan timeout)
    {
        var changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        void OnChanged(object? sender, ConnectionFailedEventArgs e) => changed.TrySetResult();
        if (connected)
        {
            multiplexer.ConnectionRestored += OnChanged;
        }
        else
        {
            multiplexer.ConnectionFailed += OnChanged;
        }

        try
        {
            if (multiplexer.IsConnected != connected)
            {
                await changed.Task.WaitAsync(timeout);
            }
        }
        finally
        {
            if (connected)
            {
                multiplexer.ConnectionRestored -= OnChanged;
            }
            else
            {
                multiplexer.ConnectionFailed -= OnChanged;
            }
        }
    }
}
