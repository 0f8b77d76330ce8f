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
    public static Task WaitConnectedAsync(IConnectionMultiplexer multiplexer)
        => RedisConnections.WaitConnectedAsync(multiplexer, ClientProbe.Timeout);
}
