using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;
using Xunit.Abstractions;

namespace ProjectSockets.StackExchangeRedis.Tests.Testing;

/// <summary>
/// One server node: its own service provider with <c>AddProjectSockets().AddStackExchangeRedis(...)</c> and its own
/// manager, sharing Redis with the other nodes. Clients connect in memory.
/// </summary>
internal sealed class TestNode : IAsyncDisposable
{
    private readonly ServiceProvider _provider;
    private readonly List<TestClient> _clients = [];

    public TestNode(
        string redisConfiguration,
        string prefix,
        ITestOutputHelper? output = null,
        Action<ProjectSocketsOptions>? configure = null,
        Action<ProjectSocketsRedisOptions>? redis = null,
        TimeProvider? timeProvider = null,
        string name = "node",
        ILoggerProvider? logs = null,
        Action<IProjectSocketsBuilder>? build = null,
        Action<IServiceCollection>? extra = null)
    {
        var services = new ServiceCollection();
        extra?.Invoke(services);
        services.AddSingleton(timeProvider ?? TimeProvider.System);
        if (output is not null || logs is not null)
        {
            services.AddLogging(logging =>
            {
                logging.SetMinimumLevel(LogLevel.Information);
                if (output is not null)
                {
                    logging.AddProvider(new OutputLoggerProvider(output, name));
                }

                if (logs is not null)
                {
                    logging.AddProvider(logs);
                }
            });
        }

        var sockets = services.AddProjectSockets(configure).AddStackExchangeRedis(redisConfiguration, options =>
        {
            options.KeyPrefix = prefix;
            redis?.Invoke(options);
        });
        build?.Invoke(sockets);
        _provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
        Manager = _provider.GetRequiredService<IWebSocketManager>();
        Publisher = _provider.GetRequiredService<IProjectEventPublisher>();
        Store = (RedisProjectEventStore)_provider.GetRequiredService<IProjectEventStore>();
    }

    public IWebSocketManager Manager { get; }

    public IProjectEventPublisher Publisher { get; }

    public RedisProjectEventStore Store { get; }

    /// <summary>Gets the control API of this node.</summary>
    public IProjectSocketsControl Control => _provider.GetRequiredService<IProjectSocketsControl>();

    /// <summary>Gets this node's control bus, to wait until it listens.</summary>
    public RedisControlBus ControlBus => (RedisControlBus)_provider.GetRequiredService<IControlBus>();

    public IServiceProvider Services => _provider;

    public ValueTask<PublishResult> PublishAsync(string project, int value, string eventName = "tick")
        => Publisher.PublishAsync(project, eventName, new { value });

    /// <summary>Publishes once this node's Redis connection is back, trying again while it is still coming up.</summary>
    public async Task<PublishResult> PublishWhenConnectedAsync(string project, int value)
    {
        for (var attempt = 1; ; attempt++)
        {
            await WaitConnectedAsync();
            try
            {
                return await PublishAsync(project, value);
            }
            catch (RedisConnectionException) when (attempt < 20)
            {
                // Connected, then dropped again before the publish: wait for the next reconnection.
            }
        }
    }

    /// <summary>Connects a client (the route project and query as an upgrade request carries them) and reads its welcome.</summary>
    public async Task<TestClient> ConnectAsync(string? project = null, string? query = null, System.Security.Claims.ClaimsPrincipal? user = null)
    {
        // A node that cannot reach Redis (a restart not yet noticed) closes a route connection with 1011 and
        // reconnect:true; a client then reconnects, and so does this helper (a bounded number of times).
        for (var attempt = 1; ; attempt++)
        {
            var client = await ConnectOnceAsync(project, query, user);
            var first = await client.ReceiveAsync();
            if (first.GetProperty("type").GetString() == "welcome")
            {
                client.Welcome = first;
                return client;
            }

            Assert.True(attempt < 5 && first.GetProperty("code").GetInt32() == 1011, $"Connect failed: {first.GetRawText()}");
            await client.ReceiveUntilClosedAsync();
            await WaitConnectedAsync();
        }
    }

    private async Task<TestClient> ConnectOnceAsync(string? project, string? query, System.Security.Claims.ClaimsPrincipal? user)
    {
        var request = new ConnectionRequest { RouteProject = project, QueryString = query };
        if (user is not null)
        {
            request = new ConnectionRequest { RouteProject = project, QueryString = query, User = user };
        }

        var decision = await Manager.EvaluateHandshakeAsync(request);
        Assert.True(decision.IsAccepted, $"Refused with {decision.StatusCode}.");
        var (server, client) = InMemoryConnection.CreatePair(request);
        var run = Manager.RunConnectionAsync(server, decision);
        var testClient = new TestClient(client, server.Id, run);
        lock (_clients)
        {
            _clients.Add(testClient);
        }

        return testClient;
    }

    /// <summary>Waits until this node's Redis connection is up (after a restart or a killed connection).</summary>
    public async Task WaitConnectedAsync()
        => await RedisConnections.WaitConnectedAsync(await Store.GetConnectionAsync(), TestClient.Timeout);

    /// <summary>Waits until this node's Redis connection has failed (at once when it is already down).</summary>
    public async Task WaitDisconnectedAsync()
        => await RedisConnections.WaitDisconnectedAsync(await Store.GetConnectionAsync(), TestClient.Timeout);

    /// <summary>Starts watching for the next restored connection; await the result after breaking the connection.</summary>
    public async Task<Task> WatchNextRestoreAsync()
        => RedisConnections.WatchNextRestoreAsync(await Store.GetConnectionAsync(), TestClient.Timeout);

    public async ValueTask DisposeAsync()
    {
        TestClient[] clients;
        lock (_clients)
        {
            clients = [.. _clients];
        }

        // Every client answers the server's close, as a well-behaved peer does.
        var shutdown = Manager.ShutdownAsync(new CancellationTokenSource(TestClient.Timeout).Token);
        await Task.WhenAll(clients.Select(c => c.CloseCode is null ? c.ReceiveUntilClosedAsync() : Task.CompletedTask));
        await shutdown;
        await _provider.DisposeAsync();
    }
}
