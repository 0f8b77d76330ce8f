using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using System.Net.WebSockets;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ProjectSockets.Testing;

/// <summary>
/// A real Kestrel server on 127.0.0.1 with port 0, and helpers to open real <see cref="ClientWebSocket"/> clients.
/// Disposing aborts the clients, stops the server and disposes the application.
/// </summary>
public sealed class KestrelHost : IProtocolTestHost
{
    /// <summary>The bound for every wait: generous, because the machine is shared and noisy.</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);

    private readonly List<TestWebSocketClient> _clients = [];
    private readonly Lazy<HttpClient> _http;
    private int _stopped;

    private KestrelHost(WebApplication app, CapturingLoggerProvider? logs)
    {
        App = app;
        Logs = logs;
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single();
        HttpBase = new Uri(address.TrimEnd('/') + "/");
        _http = new(() => new HttpClient { BaseAddress = HttpBase, Timeout = Timeout });
    }

    /// <summary>Gets the running application.</summary>
    public WebApplication App { get; }

    public IServiceProvider Services => App.Services;

    public Uri HttpBase { get; }

    /// <summary>Gets the <c>Host</c> header value clients send: <c>127.0.0.1:port</c>.</summary>
    public string Authority => HttpBase.Authority;

    /// <summary>Gets the port the server listens on.</summary>
    public int Port => HttpBase.Port;

    /// <summary>Gets the server's WebSocket base address, <c>ws://127.0.0.1:port/</c>.</summary>
    public Uri WebSocketBase => new($"ws://{Authority}/");

    /// <summary>Gets an <see cref="HttpClient"/> for the server, disposed with the host.</summary>
    public HttpClient Http => _http.Value;

    /// <summary>Gets what the library logged (every <c>ProjectSockets</c> category, at every level), when captured.</summary>
    public CapturingLoggerProvider? Logs { get; }

    /// <summary>
    /// Starts a server with ProjectSockets registered and, unless <paramref name="app"/> maps something else,
    /// <c>app.MapProjectSockets()</c>. With <paramref name="captureLogs"/> the library's log is kept in
    /// <see cref="Logs"/> at every level; without it the server logs nothing the test does not add.
    /// </summary>
    public static async Task<KestrelHost> StartAsync(
        Action<ProjectSocketsOptions>? options = null,
        Action<IProjectSocketsBuilder>? sockets = null,
        Action<WebApplicationBuilder>? builder = null,
        Action<WebApplication>? app = null,
        bool captureLogs = true)
    {
        var logs = captureLogs ? new CapturingLoggerProvider("ProjectSockets") : null;
        var webBuilder = WebApplication.CreateSlimBuilder();
        webBuilder.WebHost.UseUrls("http://127.0.0.1:0");
        webBuilder.Logging.ClearProviders();
        if (logs is not null)
        {
            webBuilder.Logging.AddProvider(logs).SetMinimumLevel(LogLevel.Trace);
        }

        var projectSockets = webBuilder.Services.AddProjectSockets(options);
        sockets?.Invoke(projectSockets);
        builder?.Invoke(webBuilder);

        var webApp = webBuilder.Build();
        if (app is null)
        {
            webApp.MapProjectSockets();
        }
        else
        {
            app(webApp);
        }

        return await StartAsync(webApp, logs);
    }

    /// <summary>Starts an application that is already built (the sample) and wraps it.</summary>
    public static async Task<KestrelHost> StartAsync(WebApplication app, CapturingLoggerProvider? logs = null)
    {
        try
        {
            using var timeout = new CancellationTokenSource(Timeout);
            await app.StartAsync(timeout.Token);
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }

        return new KestrelHost(app, logs);
    }

    /// <summary>Gets the <c>ws://</c> address of a path (with its query).</summary>
    public Uri WebSocketUri(string pathAndQuery) => new($"ws://{Authority}{pathAndQuery}");

    /// <summary>Connects a client and reads its welcome; the client is disposed with the host.</summary>
    public async Task<TestWebSocketClient> ConnectAsync(string pathAndQuery = "/ws", Action<ClientWebSocketOptions>? configure = null)
    {
        var client = await TestWebSocketClient.ConnectAsync(WebSocketUri(pathAndQuery), configure);
        lock (_clients)
        {
            _clients.Add(client);
        }

        return client;
    }

    /// <summary>Tries to connect and returns the handshake's HTTP status (101 when accepted).</summary>
    public Task<int> TryConnectAsync(string pathAndQuery, Action<ClientWebSocketOptions>? configure = null)
        => TestWebSocketClient.TryConnectAsync(WebSocketUri(pathAndQuery), configure);

    /// <summary>Sends a WebSocket upgrade request over plain HTTP and returns the refusal: status and body.</summary>
    public async Task<(int Status, string ContentType, string Body)> SendUpgradeRequestAsync(string pathAndQuery, Action<HttpRequestMessage>? configure = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, pathAndQuery);
        request.Headers.Connection.Add("Upgrade");
        request.Headers.Upgrade.Add(new ProductHeaderValue("websocket"));
        request.Headers.Add("Sec-WebSocket-Version", "13");
        request.Headers.Add("Sec-WebSocket-Key", Convert.ToBase64String(Guid.NewGuid().ToByteArray()));
        configure?.Invoke(request);
        using var response = await Http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        Assert.NotEqual(101, (int)response.StatusCode);
        return ((int)response.StatusCode, response.Content.Headers.ContentType?.ToString() ?? string.Empty, await response.Content.ReadAsStringAsync());
    }

    /// <summary>
    /// Sends an upgrade request whose request target goes on the wire exactly as given (no client-side
    /// normalisation of dot segments or percent-encoding) and returns the response's status code.
    /// </summary>
    public async Task<int> SendRawUpgradeRequestAsync(string rawTarget)
    {
        using var timeout = new CancellationTokenSource(Timeout);
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(HttpBase.Host, HttpBase.Port, timeout.Token);
        var stream = tcp.GetStream();
        var request = $"GET {rawTarget} HTTP/1.1\r\nHost: {Authority}\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n" +
            "Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n";
        await stream.WriteAsync(Encoding.ASCII.GetBytes(request), timeout.Token);

        // "HTTP/1.1 400 ..." : the status line is all that is needed.
        var buffer = new byte[12];
        var read = 0;
        while (read < buffer.Length)
        {
            var count = await stream.ReadAsync(buffer.AsMemory(read), timeout.Token);
            Assert.NotEqual(0, count);
            read += count;
        }

        return int.Parse(Encoding.ASCII.GetString(buffer, 9, 3), System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>Stops the application gracefully, as the host does on SIGTERM; only the first call stops it.</summary>
    public async Task StopAsync()
    {
        if (Interlocked.Exchange(ref _stopped, 1) == 0)
        {
            using var timeout = new CancellationTokenSource(Timeout);
            await App.StopAsync(timeout.Token);
        }
    }

    /// <summary>Aborts the clients, stops the server if it still runs and disposes the application.</summary>
    public async ValueTask DisposeAsync()
    {
        TestWebSocketClient[] clients;
        lock (_clients)
        {
            clients = [.. _clients];
        }

        foreach (var client in clients)
        {
            await client.DisposeAsync();
        }

        await StopAsync();

        await App.DisposeAsync();
        if (_http.IsValueCreated)
        {
            _http.Value.Dispose();
        }
    }
}
