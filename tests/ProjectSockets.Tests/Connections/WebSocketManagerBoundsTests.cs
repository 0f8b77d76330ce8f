using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using ProjectSockets.Tests.Testing;

namespace ProjectSockets.Tests.Connections;

/// <summary>
/// Every wait of a connection's life and of shutdown is bounded, even over a transport that neither abort nor
/// cancellation can break: such a connection is abandoned one grace after its lifetime ends.
/// </summary>
public sealed class WebSocketManagerBoundsTests
{
    [Fact]
    public async Task Disconnect_OverATransportThatIgnoresAbort_EndsOnceTheCloseTimeoutAndTheGraceHavePassed()
    {
        await using var server = new TestServer();
        var (client, transport) = await ConnectPinnedAsync(server);

        var disconnect = server.Manager.DisconnectAsync(client.Id);
        server.Time.Advance(server.Options.CloseTimeout);
        server.Time.Advance(ConnectionState.AbandonGrace);

        Assert.True(await disconnect.WaitAsync(TestClient.Timeout));
        await client.Run.WaitAsync(TestClient.Timeout);
        Assert.True(transport.AbortCount > 0, "The transport is aborted before it is abandoned.");
        server.AssertNoConnections("p1");
        transport.Release();
    }

    [Fact]
    public async Task Disconnect_OverATransportThatIgnoresAbort_WaitsForTheCloseTimeout()
    {
        await using var server = new TestServer();
        var (client, transport) = await ConnectPinnedAsync(server);

        var disconnect = server.Manager.DisconnectAsync(client.Id);
        server.Time.Advance(server.Options.CloseTimeout - TimeSpan.FromMilliseconds(1));
        server.Time.Advance(ConnectionState.AbandonGrace);

        // Before the close timeout the connection still has its chance to close; it is never abandoned earlier.
        Assert.False(disconnect.IsCompleted);
        server.Time.Advance(TimeSpan.FromMilliseconds(1));
        server.Time.Advance(ConnectionState.AbandonGrace);
        Assert.True(await disconnect.WaitAsync(TestClient.Timeout));
        transport.Release();
    }

    [Fact]
    public async Task Shutdown_WithATransportThatIgnoresAbort_ReturnsOnceTheShutdownTimeoutAndTheGraceHavePassed()
    {
        var logs = new CapturingLoggerProvider();
        await using var server = new TestServer(o => o.CloseTimeout = TimeSpan.FromMinutes(1), services: s => s.AddLogging(b => b.AddProvider(logs).SetMinimumLevel(LogLevel.Debug)));
        var (client, transport) = await ConnectPinnedAsync(server);

        var shutdown = server.Manager.ShutdownAsync();
        server.Time.Advance(server.Options.ShutdownTimeout);

        // Shutdown ends the lifetimes once its wait has timed out, on a thread of its own: the grace counts from then.
        await logs.Logged("ConnectionLifetimeEnded").WaitAsync(TestClient.Timeout);
        server.Time.Advance(2 * ConnectionState.AbandonGrace);

        await shutdown.WaitAsync(TestClient.Timeout);
        await client.Run.WaitAsync(TestClient.Timeout);
        Assert.True(transport.AbortCount > 0, "The transport is aborted before it is abandoned.");
        server.AssertNoConnections("p1");
        transport.Release();
    }

    /// <summary>Connects a client subscribed to p1 and leaves its writer in a send that nothing can end.</summary>
    private static async Task<(TestClient Client, PinnedConnection Transport)> ConnectPinnedAsync(TestServer server)
    {
        PinnedConnection? transport = null;
        var client = await server.ConnectAsync(new ConnectionRequest { RouteProject = "p1" }, c => transport = new PinnedConnection(c));
        transport!.Pin();
        await server.Publisher.PublishAsync("p1", "e", 1);
        await transport.SendPinned.WaitAsync(TestClient.Timeout);
        return (client, transport);
    }
}
