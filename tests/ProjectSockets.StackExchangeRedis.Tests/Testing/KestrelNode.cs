using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ProjectSockets.StackExchangeRedis.Tests.Testing;

/// <summary>One real Kestrel server node on 127.0.0.1, port 0; stopped gracefully, then disposed.</summary>
internal sealed class KestrelNode : IAsyncDisposable
{
    private readonly WebApplication _app;
    private int _stopped;

    private KestrelNode(WebApplication app)
    {
        _app = app;
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single();
        HttpBase = new Uri(address.TrimEnd('/') + "/");
    }

    public IServiceProvider Services => _app.Services;

    public Uri HttpBase { get; }

    /// <summary>Gets the node's WebSocket base address, <c>ws://127.0.0.1:port/</c>.</summary>
    public Uri WebSocketBase => new($"ws://{HttpBase.Authority}/");

    /// <summary>Starts a node with <c>AddProjectSockets</c>, the test's registrations and <c>MapProjectSockets()</c>.</summary>
    public static Task<KestrelNode> StartAsync(Func<IServiceCollection, IProjectSocketsBuilder> register)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        register(builder.Services);
        var app = builder.Build();
        app.MapProjectSockets();
        return StartAsync(app);
    }

    /// <summary>Starts an application that is already built (the sample).</summary>
    public static async Task<KestrelNode> StartAsync(WebApplication app)
    {
        try
        {
            using var timeout = new CancellationTokenSource(TestClient.Timeout);
            await app.StartAsync(timeout.Token);
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }

        return new KestrelNode(app);
    }

    /// <summary>Stops the node gracefully, as the host does on SIGTERM; only the first call stops it.</summary>
    public async Task StopAsync()
    {
        if (Interlocked.Exchange(ref _stopped, 1) == 0)
        {
            using var timeout = new CancellationTokenSource(TestClient.Timeout);
            await _app.StopAsync(timeout.Token);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        await _app.DisposeAsync();
    }
}
