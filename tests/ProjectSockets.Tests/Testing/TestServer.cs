using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace ProjectSockets.Tests.Testing;

/// <summary>A manager built from a real service collection, with fake time, and helpers to open in-memory clients.</summary>
internal sealed class TestServer : IAsyncDisposable
{
    private readonly ServiceProvider _provider;
    private readonly List<TestClient> _clients = [];

    public TestServer(Action<ProjectSocketsOptions>? configure = null, Action<IProjectSocketsBuilder>? build = null, Action<IServiceCollection>? services = null)
    {
        var collection = new ServiceCollection();
        collection.AddSingleton<TimeProvider>(Time);
        collection.AddMetrics();
        var builder = collection.AddProjectSockets(configure);
        build?.Invoke(builder);
        services?.Invoke(collection);
        _provider = collection.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
        Manager = _provider.GetRequiredService<IWebSocketManager>();
        Publisher = _provider.GetRequiredService<IProjectEventPublisher>();
    }

    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 11, 27, 10, 0, 0, TimeSpan.Zero));

    public IWebSocketManager Manager { get; }

    public IProjectEventPublisher Publisher { get; }

    public IServiceProvider Services => _provider;

    public ProjectSocketsOptions Options => _provider.GetRequiredService<Microsoft.Extensions.Options.IOptions<ProjectSocketsOptions>>().Value;

    /// <summary>Gets the manager's implementation, for the internal view of a connection.</summary>
    public WebSocketManager Implementation => _provider.GetRequiredService<WebSocketManager>();

    /// <summary>Asserts that no index of the manager knows any connection, for the given projects.</summary>
    public void AssertNoConnections(params string[] projects)
    {
        Assert.Equal(0, Manager.ConnectionCount);
        Assert.Empty(Manager.GetConnectionIds());
        foreach (var project in projects)
        {
            Assert.Empty(Manager.GetConnections(project));
            Assert.Equal(0, Manager.GetSubscriberCount(project));
        }
    }

    /// <summary>Connects a client and reads its welcome.</summary>
    public async Task<TestClient> ConnectAsync(string? project = null, string? query = null)
    {
        var (client, welcome) = await TryConnectAsync(new ConnectionRequest { RouteProject = project, QueryString = query });
        return client ?? throw new InvalidOperationException($"Refused with {welcome}");
    }

    /// <summary>Connects a client whose server end is wrapped (to gate or break the transport) and reads its welcome.</summary>
    public async Task<TestClient> ConnectAsync(ConnectionRequest request, Func<InMemoryConnection, IConnection>? wrap = null, CancellationToken cancellationToken = default)
    {
        var (client, status) = await TryConnectAsync(request, wrap, cancellationToken);
        return client ?? throw new InvalidOperationException($"Refused with {status}");
    }

    public async Task<(TestClient? Client, int Status)> TryConnectAsync(ConnectionRequest request, Func<InMemoryConnection, IConnection>? wrap = null, CancellationToken cancellationToken = default)
    {
        var decision = await Manager.EvaluateHandshakeAsync(request);
        if (!decision.IsAccepted)
        {
            return (null, decision.StatusCode);
        }

        var (server, client) = InMemoryConnection.CreatePair(request);
        var run = Manager.RunConnectionAsync(wrap?.Invoke(server) ?? server, decision, cancellationToken);
        var testClient = new TestClient(client, server.Id, run);
        _clients.Add(testClient);
        testClient.Welcome = await testClient.ReceiveAsync("welcome");
        return (testClient, 101);
    }

    public async ValueTask DisposeAsync()
    {
        // Every client answers the server's close, as a well-behaved peer does.
        var shutdown = Manager.ShutdownAsync(new CancellationTokenSource(TestClient.Timeout).Token);
        await Task.WhenAll(_clients.Select(c => c.ReceiveUntilClosedAsync()));
        await shutdown;
        await Task.WhenAll(_clients.Select(c => c.Run)).WaitAsync(TestClient.Timeout);
        await _provider.DisposeAsync();
    }
}
