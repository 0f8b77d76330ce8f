using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.DependencyInjection;

namespace ProjectSockets.Client.Tests.Testing;

/// <summary>
/// TEST FIXTURE, to be replaced by the real host adapters (ProjectSockets.HttpListener, ProjectSockets.AspNetCore):
/// a minimal WebSocket host on <see cref="HttpListener"/> at 127.0.0.1 that calls the core exactly as an adapter
/// does: <c>EvaluateHandshakeAsync</c>, then an HTTP refusal or <c>AcceptWebSocketAsync</c> and <c>RunConnectionAsync</c>.
/// Serves <c>/ws</c> and <c>/ws/{project}</c>.
/// </summary>
internal sealed class ListenerTestServer : IAsyncDisposable
{
    private readonly HttpListener _listener;
    private readonly ServiceProvider _provider;
    private readonly ConcurrentDictionary<string, ServerConnection> _connections = new(StringComparer.Ordinal);
    private readonly ConcurrentBag<Task> _running = [];
    private readonly CancellationTokenSource _stopping = new();
    private readonly Task _acceptLoop;
    private int _upgrades;

    private ListenerTestServer(HttpListener listener, int port, ServiceProvider provider)
    {
        _listener = listener;
        Port = port;
        _provider = provider;
        Manager = provider.GetRequiredService<IWebSocketManager>();
        Publisher = provider.GetRequiredService<IProjectEventPublisher>();
        _acceptLoop = Task.Run(AcceptLoopAsync);
    }

    public int Port { get; }

    public IWebSocketManager Manager { get; }

    public IProjectEventPublisher Publisher { get; }

    /// <summary>Gets or sets an HTTP status to refuse upgrades with before the core sees them (401 for a missing token, say).</summary>
    public Func<HttpListenerRequest, int?>? Gate { get; set; }

    /// <summary>Gets the <c>Authorization</c> header of every upgrade request, in order.</summary>
    public ConcurrentQueue<string?> Authorizations { get; } = new();

    /// <summary>Gets how many upgrade requests arrived (accepted or not).</summary>
    public int Upgrades => Volatile.Read(ref _upgrades);

    public IReadOnlyCollection<ServerConnection> Connections => [.. _connections.Values];

    public Uri Url(string? project = null) => new($"ws://127.0.0.1:{Port}/ws" + (project is null ? string.Empty : "/" + project));

    /// <summary>Starts a server with its own service provider (so its own epochs); on <paramref name="port"/> when given.</summary>
    public static async Task<ListenerTestServer> StartAsync(
        Action<ProjectSocketsOptions>? configure = null, Action<IProjectSocketsBuilder>? build = null, Action<IServiceCollection>? services = null, int? port = null)
    {
        var collection = new ServiceCollection();
        var builder = collection.AddProjectSockets(configure);
        build?.Invoke(builder);
        services?.Invoke(collection);
        var provider = collection.BuildServiceProvider();
        for (var attempt = 0; ; attempt++)
        {
            var candidate = port ?? FreePort();
            var listener = new HttpListener();
            listener.Prefixes.Add($"http://127.0.0.1:{candidate}/");
            try
            {
                listener.Start();
                return new ListenerTestServer(listener, candidate, provider);
            }
            catch (HttpListenerException) when (attempt < 20)
            {
                // Taken between the probe and the bind, or not yet released by a previous server: try again.
                listener.Close();
                await Task.Yield();
            }
        }
    }

    public Task<int> PublishAsync(string project, string eventName, object? data)
        => Publisher.PublishAsync(project, eventName, data).AsTask().ContinueWith(t => (int)t.Result.Seq, TaskScheduler.Default);

    /// <summary>Drops a connection without a close frame, as a broken TCP connection would.</summary>
    public void Abort(string connectionId)
    {
        if (_connections.TryGetValue(connectionId, out var connection))
        {
            connection.Abort();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        using (var shutdown = new CancellationTokenSource(TimeSpan.FromSeconds(10)))
        {
            await Manager.ShutdownAsync(shutdown.Token);
        }

        _listener.Close();
        await _acceptLoop.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        await Task.WhenAll(_running).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        await _provider.DisposeAsync();
    }

    private static int FreePort()
    {
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        return port;
    }

    private async Task AcceptLoopAsync()
    {
        while (!_stopping.IsCancellationRequested)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception exception) when (exception is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            _running.Add(Task.Run(() => HandleAsync(context)));
        }
    }

    private async Task HandleAsync(HttpListenerContext context)
    {
        var path = context.Request.Url!.AbsolutePath;
        if (!context.Request.IsWebSocketRequest || !(path == "/ws" || path.StartsWith("/ws/", StringComparison.Ordinal)))
        {
            Refuse(context, 400);
            return;
        }

        Interlocked.Increment(ref _upgrades);
        Authorizations.Enqueue(context.Request.Headers["Authorization"]);
        if (Gate?.Invoke(context.Request) is { } status)
        {
            Refuse(context, status);
            return;
        }

        var request = new ConnectionRequest
        {
            RouteProject = path.Length > 4 ? Uri.UnescapeDataString(context.Request.RawUrl!.Split('?')[0][4..]) : null,
            QueryString = context.Request.Url.Query,
            Origin = context.Request.Headers["Origin"],
            Host = context.Request.Headers["Host"],
            SubProtocols = (context.Request.Headers["Sec-WebSocket-Protocol"] ?? string.Empty)
                .Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries),
            RemoteEndPoint = context.Request.RemoteEndPoint,
        };

        var decision = await Manager.EvaluateHandshakeAsync(request);
        if (!decision.IsAccepted)
        {
            Refuse(context, decision.StatusCode);
            return;
        }

        System.Net.WebSockets.WebSocket socket;
        try
        {
            socket = (await context.AcceptWebSocketAsync(decision.SubProtocol, TimeSpan.Zero)).WebSocket;
        }
        catch
        {
            decision.Dispose();
            throw;
        }

        var connection = new ServerConnection(new WebSocketConnection(socket, request), socket, context.Response);
        _connections[connection.Id] = connection;
        try
        {
            await Manager.RunConnectionAsync(connection, decision, _stopping.Token);
        }
        finally
        {
            _connections.TryRemove(connection.Id, out _);
            socket.Dispose();
            context.Response.Abort();
        }
    }

    private static void Refuse(HttpListenerContext context, int status)
    {
        context.Response.StatusCode = status;
        context.Response.Close();
    }
}
