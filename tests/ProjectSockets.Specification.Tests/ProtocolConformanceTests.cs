using System.Net.WebSockets;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;

namespace ProjectSockets.Specification.Tests;

/// <summary>
/// The wire protocol (PROTOCOL.md), stated once over real sockets: every rule a client can observe. A host adapter's
/// test project derives this class and overrides <see cref="StartHostAsync"/>; every test starts its own server with
/// the configuration it needs and stops it before it ends.
/// </summary>
public abstract partial class ProtocolConformanceTests
{
    /// <summary>
    /// Starts a server of the host under test on 127.0.0.1 with the protocol's default paths. Apply, in this order:
    /// <c>services.AddProjectSockets(configure)</c>, <paramref name="build"/> on the builder it returns, then
    /// <paramref name="services"/> on the service collection (it may replace registrations, such as the authorizer).
    /// </summary>
    /// <param name="configure">The core's options for this test.</param>
    /// <param name="build">Registers the test's commands.</param>
    /// <param name="services">Last changes to the service collection.</param>
    /// <returns>The running server.</returns>
    protected abstract Task<IProtocolTestHost> StartHostAsync(
        Action<ProjectSocketsOptions> configure,
        Action<IProjectSocketsBuilder> build,
        Action<IServiceCollection> services);

    /// <summary>Starts a server with the conformance commands and, optionally, the test's own settings.</summary>
    /// <param name="configure">The core's options, or <see langword="null"/> for the defaults.</param>
    /// <param name="services">Last changes to the service collection, or <see langword="null"/>.</param>
    /// <returns>The running server.</returns>
    protected Task<IProtocolTestHost> StartAsync(Action<ProjectSocketsOptions>? configure = null, Action<IServiceCollection>? services = null)
        => StartHostAsync(configure ?? (static _ => { }), ConformanceCommands.Register, services ?? (static _ => { }));

    /// <summary>Starts a server whose authorizer refuses projects starting with <c>secret</c>.</summary>
    /// <returns>The running server.</returns>
    protected Task<IProtocolTestHost> StartWithAuthorizerAsync()
        => StartAsync(services: static s => s.AddSingleton<IProjectAuthorizer, ConformanceAuthorizer>());

    /// <summary>The URL of <paramref name="pathAndQuery"/> (already escaped) on the host.</summary>
    /// <param name="host">The host.</param>
    /// <param name="pathAndQuery">For example <c>/ws/p1?events=task_*</c>.</param>
    /// <returns>The absolute WebSocket URL.</returns>
    protected static Uri UrlOf(IProtocolTestHost host, string pathAndQuery)
    {
        ArgumentNullException.ThrowIfNull(host);
        return new Uri(host.WebSocketBase.GetLeftPart(UriPartial.Authority) + pathAndQuery);
    }

    /// <summary>Connects a client to <paramref name="pathAndQuery"/> and reads its welcome.</summary>
    /// <param name="host">The host.</param>
    /// <param name="pathAndQuery">The path and query.</param>
    /// <param name="configure">Sets subprotocols or headers.</param>
    /// <returns>The connected client.</returns>
    protected static Task<ProtocolTestClient> ConnectAsync(IProtocolTestHost host, string pathAndQuery = "/ws", Action<ClientWebSocketOptions>? configure = null)
        => ProtocolTestClient.ConnectAsync(UrlOf(host, pathAndQuery), configure);

    /// <summary>Expects the upgrade of <paramref name="pathAndQuery"/> to be refused and returns the HTTP status.</summary>
    /// <param name="host">The host.</param>
    /// <param name="pathAndQuery">The path and query.</param>
    /// <param name="configure">Sets subprotocols or headers.</param>
    /// <returns>The status code.</returns>
    protected static async Task<int> RefusalStatusAsync(IProtocolTestHost host, string pathAndQuery, Action<ClientWebSocketOptions>? configure = null)
        => (int)await ProtocolTestClient.ConnectExpectingRefusalAsync(UrlOf(host, pathAndQuery), configure);

    /// <summary>Gets the host's event publisher.</summary>
    /// <param name="host">The host.</param>
    /// <returns>The publisher.</returns>
    protected static IProjectEventPublisher PublisherOf(IProtocolTestHost host)
    {
        ArgumentNullException.ThrowIfNull(host);
        return host.Services.GetRequiredService<IProjectEventPublisher>();
    }

    /// <summary>
    /// Gets the event publisher of the node the clients are connected to. Only that node's <see cref="PublishResult.LocalSubscribers"/>
    /// counts the clients; on a host of one node it is <see cref="PublisherOf"/>.
    /// </summary>
    /// <param name="host">The host.</param>
    /// <returns>The publisher.</returns>
    protected static IProjectEventPublisher ClientNodePublisherOf(IProtocolTestHost host)
    {
        ArgumentNullException.ThrowIfNull(host);
        return host.ClientServices.GetRequiredService<IProjectEventPublisher>();
    }

    /// <summary>Gets the connection manager of the node the clients are connected to: it alone knows their connections.</summary>
    /// <param name="host">The host.</param>
    /// <returns>The manager.</returns>
    protected static IWebSocketManager ManagerOf(IProtocolTestHost host)
    {
        ArgumentNullException.ThrowIfNull(host);
        return host.ClientServices.GetRequiredService<IWebSocketManager>();
    }

    /// <summary>Asserts a failed <c>result</c> (or, without <paramref name="id"/>, an <c>error</c>) with <paramref name="code"/>.</summary>
    /// <param name="message">The message.</param>
    /// <param name="id">The command id, or <see langword="null"/> when an <c>error</c> is expected.</param>
    /// <param name="code">The error code.</param>
    protected static void AssertFailure(JsonElement message, string? id, string code)
    {
        if (id is null)
        {
            Assert.Equal("error", message.GetProperty("type").GetString());
            Assert.False(message.TryGetProperty("id", out _), "An 'error' carries no id.");
        }
        else
        {
            Assert.Equal("result", message.GetProperty("type").GetString());
            Assert.Equal(id, message.GetProperty("id").GetString());
            Assert.False(message.GetProperty("ok").GetBoolean());
        }

        var error = message.GetProperty("error");
        Assert.Equal(code, error.GetProperty("code").GetString());
        Assert.False(string.IsNullOrEmpty(error.GetProperty("message").GetString()), "Every error has a message.");
    }

    /// <summary>
    /// Waits until the server has finished with a connection the client has closed: the server must read the client's
    /// close frame and end the connection, not wait for its close timeout (tests that use this set it long).
    /// </summary>
    /// <param name="host">The host.</param>
    /// <param name="client">The client, after the close handshake.</param>
    /// <returns>A task that completes when the server has finished.</returns>
    protected static async Task AssertServerFinishedAsync(IProtocolTestHost host, ProtocolTestClient client)
    {
        ArgumentNullException.ThrowIfNull(client);

        // Completes at once for a connection that has already ended, otherwise when it ends.
        await ManagerOf(host).DisconnectAsync(client.ConnectionId).WaitAsync(ProtocolTestClient.Timeout);
        Assert.Equal(0, ManagerOf(host).ConnectionCount);
    }

    /// <summary>Asserts that the connection ended with <c>disconnected</c> and a close frame, both carrying <paramref name="code"/>.</summary>
    /// <param name="closed">What the client saw.</param>
    /// <param name="code">The close code.</param>
    /// <param name="reconnect">Whether the client is told to reconnect.</param>
    protected static void AssertDisconnected(ClosedConnection closed, int code, bool reconnect)
    {
        ArgumentNullException.ThrowIfNull(closed);
        var disconnected = closed.Disconnected ?? throw new Xunit.Sdk.XunitException($"No 'disconnected' before the close ({closed.CloseStatus}).");
        Assert.Equal(code, disconnected.GetProperty("code").GetInt32());
        Assert.Equal(reconnect, disconnected.GetProperty("reconnect").GetBoolean());
        Assert.False(string.IsNullOrEmpty(disconnected.GetProperty("reason").GetString()));
        Assert.Equal("disconnected", closed.Messages[^1].GetProperty("type").GetString());
        Assert.Equal((WebSocketCloseStatus)code, closed.CloseStatus);
    }
}
