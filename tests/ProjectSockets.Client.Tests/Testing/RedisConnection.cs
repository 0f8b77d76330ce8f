using StackExchange.Redis;

namespace ProjectSockets.Client.Tests.Testing;

/// <summary>The server's connection to Redis, made by the test so that it can tell when it is back after a restart.</summary>
internal static class RedisConnection
{
    public static async Task<ConnectionMultiplexer> ConnectAsync(string configuration)
    {
        var options = ConfigurationOptions.Parse(configuration);
        options.AbortOnConnectFail = false;

        // While Redis is down, commands fail at once (the server answers handler_error) instead of waiting in a
        // backlog for the command timeout, and the connection comes back soon after Redis does: a short soak sees both.
        options.BacklogPolicy = BacklogPolicy.FailFast;
        options.ReconnectRetryPolicy = new LinearRetry(100);
        return await ConnectionMultiplexer.ConnectAsync(options);
    }

    /// <summary>Waits until the connection is up (after a restart).</summary>
    public static async Task WaitConnectedAsync(IConnectionMultiplexer multiplexer)
    {
        var restored = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        void OnRestored(object? sender, ConnectionFailedEventArgs e) => restored.TrySetResult();
        multiplexer.ConnectionRestored += OnRestored;
        try
        {
            if (!multiplexer.IsConnected)
            {
                await restored.Task.WaitAsync(ClientProbe.Timeout);
            }
        }
        finally
        {
            multiplexer.ConnectionRestored -= OnRestored;
        }
    }
}
