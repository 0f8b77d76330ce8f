using System.Net;
using System.Net.WebSockets;
using System.Security.Claims;
using System.Security.Cryptography;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using ProjectSockets.Specification.Tests;

namespace ProjectSockets.HttpListener.Tests;

public sealed class ProjectSocketsHttpListenerHostTests
{
    [Fact]
    public async Task PlainRequests_WhileAClientIsConnected_AreAnswered400Or404AndTheClientStaysUsable()
    {
        await using var host = await HttpListenerTestHost.StartAsync();
        using var client = await ProtocolTestClient.ConnectAsync(host.UrlOf("/ws/p1"));

        // Concurrently: each request runs on its own task, so none waits for another or for the open connection.
        var requests = Enumerable.Range(0, 10).SelectMany(_ => new[]
        {
            HandshakeProbe.GetAsync(host.UrlOf("/ws/p1")),
            HandshakeProbe.GetAsync(host.UrlOf("/ws")),
            HandshakeProbe.GetAsync(host.UrlOf("/elsewhere")),
        }).ToArray();
        var answers = await Task.WhenAll(requests);

        Assert.All(answers.Where((_, i) => i % 3 != 2), a => Assert.Equal(HttpStatusCode.BadRequest, a.Status));
        Assert.All(answers.Where((_, i) => i % 3 == 2), a => Assert.Equal(HttpStatusCode.NotFound, a.Status));
        await client.SendAsync("""{"type":"ping"}""");
        await client.ReceiveAsync("pong");
    }

    [Fact]
    public async Task PlainRequest_OnWebSocketPath_SaysWhyInTheBody()
    {
        await using var host = await HttpListenerTestHost.StartAsync();

        var (status, body) = await HandshakeProbe.GetAsync(host.UrlOf("/ws"));

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("WebSocket", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Upgrade_ToPathOutsideTheEndpoint_IsRefusedWith404()
    {
        await using var host = await HttpListenerTestHost.StartAsync();

        var status = await ProtocolTestClient.ConnectExpectingRefusalAsync(host.UrlOf("/ws/p1/extra"));

        Assert.Equal(HttpStatusCode.NotFound, status);
    }

    [Fact]
    public async Task Upgrade_WithEncodedSlashInProject_IsRefusedAsABadProjectNotAnotherPath()
    {
        await using var host = await HttpListenerTestHost.StartAsync();

        var (status, body, _) = await HandshakeProbe.SendUpgradeAsync(host.UrlOf("/ws/p1%2Fextra"));

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("project", body, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Upgrade_WithUnsupportedWebSocketVersion_IsRefusedWith400AndReleasesTheSlot()
    {
        await using var host = await HttpListenerTestHost.StartAsync(o => o.MaxConnections = 1);
        using var http = new HttpClient { Timeout = ProtocolTestClient.Timeout };
        using var request = new HttpRequestMessage(HttpMethod.Get, HandshakeProbe.ToHttp(host.UrlOf("/ws")));
        request.Headers.TryAddWithoutValidation("Connection", "Upgrade");
        request.Headers.TryAddWithoutValidation("Upgrade", "websocket");
        request.Headers.TryAddWithoutValidation("Sec-WebSocket-Version", "8");
        request.Headers.TryAddWithoutValidation("Sec-WebSocket-Key", Convert.ToBase64String(RandomNumberGenerator.GetBytes(16)));

        using var response = await http.SendAsync(request);
        using var client = await ProtocolTestClient.ConnectAsync(host.UrlOf("/ws"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(1, client.Welcome.GetProperty("protocol").GetInt32());
    }

    [Fact]
    public async Task CustomPathPrefix_ServesOnlyItsPaths()
    {
        await using var host = await HttpListenerTestHost.StartAsync(listener: o => o.PathPrefix = "/live/events");
        using var client = await ProtocolTestClient.ConnectAsync(host.UrlOf("/live/events/p1"));

        var status = await ProtocolTestClient.ConnectExpectingRefusalAsync(host.UrlOf("/ws/p1"));

        Assert.Equal("p1", client.Welcome.GetProperty("subscriptions")[0].GetProperty("project").GetString());
        Assert.Equal(HttpStatusCode.NotFound, status);
    }

    [Fact]
    public async Task Authenticate_ReturningNoUser_RefusesWith401()
    {
        await using var host = await HttpListenerTestHost.StartAsync(listener: o => o.Authenticate = (_, _) => ValueTask.FromResult<ClaimsPrincipal?>(null));

        var status = await ProtocolTestClient.ConnectExpectingRefusalAsync(host.UrlOf("/ws"));

        Assert.Equal(HttpStatusCode.Unauthorized, status);
    }

    [Fact]
    public async Task Authenticate_Throwing_AnswersWith500()
    {
        await using var host = await HttpListenerTestHost.StartAsync(listener: o => o.Authenticate = (_, _) => throw new InvalidOperationException("token store is down"));

        var (status, body, _) = await HandshakeProbe.SendUpgradeAsync(host.UrlOf("/ws"));

        Assert.Equal(HttpStatusCode.InternalServerError, status);
        Assert.DoesNotContain("token store", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Authenticate_ReturningAUser_MakesItTheConnectionsUser()
    {
        await using var host = await HttpListenerTestHost.StartAsync(
            build: b => b.AddCommand<object, string?>("whoami", (_, context) => context.User.Identity?.Name),
            listener: o => o.Authenticate = (context, _) =>
            {
                var token = context.Request.Headers["Authorization"];
                return ValueTask.FromResult(token == "Bearer alice-token"
                    ? new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.Name, "alice")], "Bearer"))
                    : null);
            });
        using var client = await ProtocolTestClient.ConnectAsync(host.UrlOf("/ws"), o => o.SetRequestHeader("Authorization", "Bearer alice-token"));

        var result = await client.InvokeAsync("whoami", "1");

        Assert.Equal("alice", result.GetProperty("data").GetString());
    }

    [Fact]
    public async Task Standalone_StartThenStop_ServesThenClosesClientsWith1001AndStopsListening()
    {
        await using var host = await HttpListenerTestHost.StartAsync();
        using var client = await ProtocolTestClient.ConnectAsync(host.UrlOf("/ws/p1"));
        Assert.True(host.Host.IsListening);

        var stop = host.Host.StopAsync();
        var closed = await client.ReceiveUntilClosedAsync();
        await stop.WaitAsync(ProtocolTestClient.Timeout);

        Assert.Equal(WebSocketCloseStatus.EndpointUnavailable, closed.CloseStatus);
        Assert.False(host.Host.IsListening);
        await Assert.ThrowsAsync<WebSocketException>(() => ProtocolTestClient.ConnectAsync(host.UrlOf("/ws")));
    }

    [Fact]
    public async Task Stop_CalledTwice_ReturnsTheSameStop()
    {
        await using var host = await HttpListenerTestHost.StartAsync();

        var first = host.Host.StopAsync();
        var second = host.Host.StopAsync();
        await first.WaitAsync(ProtocolTestClient.Timeout);

        Assert.Same(first, second);
    }

    [Fact]
    public async Task Start_Twice_Throws()
    {
        await using var host = await HttpListenerTestHost.StartAsync();

        await Assert.ThrowsAsync<InvalidOperationException>(() => host.Host.StartAsync());
    }

    [Fact]
    public async Task Start_OnAPortInUse_ThrowsHttpListenerException()
    {
        await using var first = await HttpListenerTestHost.StartAsync();
        var collection = new ServiceCollection();
        await using var second = collection.AddProjectSockets()
            .AddHttpListenerHost(o => o.Prefixes.Add($"http://127.0.0.1:{first.WebSocketBase.Port}/"))
            .BuildHttpListenerHost(static s => s.BuildServiceProvider());

        await Assert.ThrowsAsync<HttpListenerException>(() => second.StartAsync());
        Assert.False(second.IsListening);
    }

    [Fact]
    public async Task Host_ExposesItsPrefixesAndWebSocketUrls()
    {
        await using var host = await HttpListenerTestHost.StartAsync();
        var port = host.WebSocketBase.Port;

        Assert.Equal([$"http://127.0.0.1:{port}/"], host.Host.Prefixes);
        Assert.Equal([new Uri($"ws://127.0.0.1:{port}/ws")], host.Host.WebSocketUrls);
    }

    [Fact]
    public async Task Host_BuiltFromAServiceProvider_LeavesTheProviderToItsOwner()
    {
        var collection = new ServiceCollection();
        collection.AddProjectSockets().AddHttpListenerHost(o => o.Prefixes.Add("http://127.0.0.1:5181/"));
        await using var provider = collection.BuildServiceProvider();

        await using (new ProjectSocketsHttpListenerHost(provider))
        {
        }

        Assert.NotNull(provider.GetRequiredService<IProjectEventPublisher>());
    }

    [Fact]
    public async Task Host_BuiltFromTheBuilder_DisposesItsServices()
    {
        var collection = new ServiceCollection();
        var host = collection.AddProjectSockets().AddHttpListenerHost(o => o.Prefixes.Add("http://127.0.0.1:5181/")).BuildHttpListenerHost(static s => s.BuildServiceProvider());

        await host.DisposeAsync();

        Assert.Throws<ObjectDisposedException>(() => host.Services.GetService<IProjectEventPublisher>());
    }

    [Fact]
    public void Host_WithoutPrefixes_FailsWithAMessageNamingThem()
    {
        var collection = new ServiceCollection();
        var builder = collection.AddProjectSockets().AddHttpListenerHost();

        var exception = Assert.Throws<OptionsValidationException>(() => builder.BuildHttpListenerHost(static s => s.BuildServiceProvider()));

        Assert.Contains("Prefixes", exception.Message, StringComparison.Ordinal);
    }
}
