using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ProjectSockets.Client.Tests.Testing;

/// <summary>
/// A real host adapter (Kestrel or HttpListener) on 127.0.0.1 behind a <see cref="TcpProxy"/>, with a recording
/// authorizer and a server log. The client connects to the proxy, so a test can drop the network, refuse upgrades,
/// and restart the server (a new core, so new epochs) at the same address.
/// </summary>
internal sealed class TestServer : IAsyncDisposable
{
    private readonly TestHostKind _kind;
    private readonly Action<ProjectSocketsOptions>? _configure;
    private readonly Action<IProjectSocketsBuilder>? _build;
    private IProtocolTestHost? _host;

    private TestServer(TestHostKind kind, Action<ProjectSocketsOptions>? configure, Action<IProjectSocketsBuilder>? build)
    {
        _kind = kind;
        _configure = configure;
        _build = build;
    }

    public TcpProxy Proxy { get; private set; } = null!;

    public RecordingAuthorizer Authorizer { get; } = new();

    public CapturingLoggerProvider Log { get; } = new();

    public IServiceProvider Services => (_host ?? throw new InvalidOperationException("The server is stopped.")).Services;

    public IWebSocketManager Manager => Services.GetRequiredService<IWebSocketManager>();

    public IProjectEventPublisher Publisher => Services.GetRequiredService<IProjectEventPublisher>();

    /// <summary>Gets how many connections (upgrade attempts) reached the server's address.</summary>
    public int Upgrades => Proxy.Accepted;

    /// <summary>Gets or sets an HTTP status with which the network refuses new upgrades (503, say).</summary>
    public Func<int?>? Refuse
    {
        get => Proxy.Refuse;
        set => Proxy.Refuse = value;
    }

    public static async Task<TestServer> StartAsync(TestHostKind kind, Action<ProjectSocketsOptions>? configure = null, Action<IProjectSocketsBuilder>? build = null)
    {
        var server = new TestServer(kind, configure, build);
        await server.StartAgainAsync();
        server.Proxy = new TcpProxy(server._host!.WebSocketBase.Port);
        return server;
    }

    public Uri Url(string? project = null) => new($"ws://127.0.0.1:{Proxy.Port}/ws" + (project is null ? string.Empty : "/" + project));

    public async Task<long> PublishAsync(string project, string eventName, object? data)
        => (await Publisher.PublishAsync(project, eventName, data)).Seq;

    /// <summary>Resets every connection, as a broken network would: no close frame, no <c>disconnected</c>.</summary>
    public void DropConnections() => Proxy.DropAll();

    /// <summary>Stops the server gracefully (close 1001 to every client).</summary>
    public async Task StopAsync()
    {
        if (Interlocked.Exchange(ref _host, null) is { } host)
        {
            await host.DisposeAsync();
        }
    }

    /// <summary>Starts a new server (new service provider, so new epochs) where the proxy sends connections.</summary>
    public async Task StartAgainAsync()
    {
        _host = _kind switch
        {
            TestHostKind.Kestrel => await KestrelHost.StartAsync(_configure, _build, builder => AddTestServices(builder.Services), captureLogs: false),
            _ => await HttpListenerTestHost.StartAsync(_configure, _build, AddTestServices),
        };

        if (Proxy is not null)
        {
            Proxy.TargetPort = _host.WebSocketBase.Port;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        await Proxy.DisposeAsync();
    }

    private void AddTestServices(IServiceCollection services)
    {
        services.AddSingleton<IProjectAuthorizer>(Authorizer);
        services.AddLogging(logging => logging.AddProvider(Log).SetMinimumLevel(LogLevel.Debug));
    }
}
