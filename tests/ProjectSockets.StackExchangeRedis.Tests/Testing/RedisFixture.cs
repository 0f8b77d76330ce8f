using StackExchange.Redis;

namespace ProjectSockets.StackExchangeRedis.Tests.Testing;

/// <summary>
/// One redis-server for a test class, with an admin connection for checks (PUBSUB, FLUSHALL, CLIENT KILL).
/// Tests that share it use a key prefix of their own; tests that kill or flush Redis start their own server.
/// </summary>
public sealed class RedisFixture : IAsyncLifetime
{
    private static int s_prefixes;
    private RedisServer? _server;
    private ConnectionMultiplexer? _admin;

    internal RedisServer Server => _server ?? throw new InvalidOperationException("The fixture has not started.");

    public string Configuration => Server.Configuration;

    public IDatabase Database => Admin.GetDatabase();

    internal ConnectionMultiplexer Admin => _admin ?? throw new InvalidOperationException("The fixture has not started.");

    /// <summary>A key prefix no other test uses.</summary>
    public static string NewPrefix() => $"t{Interlocked.Increment(ref s_prefixes)}-{Guid.NewGuid():n}:";

    public async Task InitializeAsync()
    {
        _server = await RedisServer.StartAsync();
        _admin = await ConnectAdminAsync(_server.Configuration);
    }

    public async Task DisposeAsync()
    {
        if (_admin is not null)
        {
            await _admin.DisposeAsync();
        }

        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }

    internal static Task<ConnectionMultiplexer> ConnectAdminAsync(string configuration) => RedisConnections.ConnectAdminAsync(configuration);
}
