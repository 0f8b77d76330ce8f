using System.Net.WebSockets;
using ProjectSockets.Client.Tests.Testing;

namespace ProjectSockets.Client.Tests;

public sealed class ProjectSocketsClientHeartbeatTests
{
    [Fact]
    public async Task ServerPing_IsAnsweredWithPong()
    {
        var server = new ScriptedServer();
        await using var probe = ScriptedClient.Create(server);
        var connecting = probe.Client.ConnectAsync();
        var connection = await server.AcceptAsync();
        await connecting;

        await connection.SendAsync("""{"type":"ping"}""");

        Assert.Equal("""{"type":"pong"}""", await connection.ReceiveAsync());
    }

    [Fact]
    public async Task IdleConnection_ClientPingsAfterOneInterval()
    {
        var server = new ScriptedServer();
        var time = new ObservableTimeProvider();
        await using var probe = ScriptedClient.Create(server, time);
        var connecting = probe.Client.ConnectAsync();
        var connection = await server.AcceptAsync(intervalMs: 1000, timeoutMs: 3000);
        await connecting;

        time.Advance(TimeSpan.FromSeconds(1));

        Assert.Equal("""{"type":"ping"}""", await connection.ReceiveAsync());
    }

    [Fact]
    public async Task SilentServer_IsGivenUpAfterTimeout_AndClientReconnects()
    {
        var server = new ScriptedServer();
        var time = new ObservableTimeProvider();
        await using var probe = ScriptedClient.Create(server, time, o =>
        {
            o.Reconnect.InitialDelay = TimeSpan.FromSeconds(5);
            o.Reconnect.MaxDelay = TimeSpan.FromSeconds(5);
        });
        var connecting = probe.Client.ConnectAsync();
        await server.AcceptAsync(intervalMs: 1000, timeoutMs: 3000);
        await connecting;

        time.Advance(TimeSpan.FromSeconds(3));
        var reconnecting = await probe.WaitForStateAsync(ProjectSocketsClientState.Reconnecting);
        await time.WaitForTimerAsync(TimeSpan.FromSeconds(5));
        time.Advance(TimeSpan.FromSeconds(5));
        await server.AcceptAsync();
        await probe.WaitForStateAsync(ProjectSocketsClientState.Connected);

        Assert.Null(reconnecting.CloseCode);
        Assert.Contains("heartbeat", reconnecting.CloseReason, StringComparison.Ordinal);
        Assert.Equal(2, server.Attempts);
    }

    [Fact]
    public async Task OversizedServerMessage_ClosesWith1009_AndDoesNotReconnect()
    {
        var server = new ScriptedServer();
        await using var probe = ScriptedClient.Create(server, configure: o => o.MaxReceiveMessageBytes = 1024);
        var connecting = probe.Client.ConnectAsync();
        var connection = await server.AcceptAsync();
        await connecting;

        await connection.SendAsync($$"""{"type":"event","event":"big","time":"2026-11-27T10:00:00.000Z","data":"{{new string('x', 4096)}}"}""");
        var received = await connection.ReceiveAsync();
        var change = await probe.WaitForStateAsync(ProjectSocketsClientState.Disconnected);

        Assert.Null(received);
        Assert.Equal(WebSocketCloseStatus.MessageTooBig, connection.Socket.CloseStatus);
        Assert.Equal(ProtocolCloseCodes.MessageTooBig, change.CloseCode);
        Assert.Equal(1, server.Attempts);
    }
}
