using System.Text.Json;
using ProjectSockets.Client.Tests.Testing;

namespace ProjectSockets.Client.Tests;

/// <summary>How a reconnect attempt that got as far as the <c>welcome</c> fails, and what it says, against a scripted server.</summary>
public sealed class ProjectSocketsClientReconnectAttemptTests
{
    [Fact]
    public async Task ConnectionLostAfterWelcome_FailsTheAttemptAtOnce_SayingSo()
    {
        var server = new ScriptedServer();
        var time = new ObservableTimeProvider();
        await using var probe = ScriptedClient.Create(server, time, o => o.Reconnect.MaxAttempts = 1);
        var second = await ReconnectWithSubscriptionAsync(server, time, probe);
        await second.ReceiveAsync();

        second.Socket.Abort();
        var stopped = await probe.WaitForStateAsync(ProjectSocketsClientState.Disconnected);

        Assert.Contains("lost after the server's welcome", stopped.Exception!.Message, StringComparison.Ordinal);
        Assert.Equal(2, server.Attempts);
    }

    [Fact]
    public async Task ResubscribeUnansweredWithinConnectTimeout_SaysTheServerWelcomedButDidNotAnswer()
    {
        var server = new ScriptedServer();
        var time = new ObservableTimeProvider();
        await using var probe = ScriptedClient.Create(server, time, o =>
        {
            o.Reconnect.MaxAttempts = 1;
            o.ConnectTimeout = TimeSpan.FromSeconds(5);
        });
        var second = await ReconnectWithSubscriptionAsync(server, time, probe);
        await second.ReceiveAsync();

        time.Advance(TimeSpan.FromSeconds(5));
        var stopped = await probe.WaitForStateAsync(ProjectSocketsClientState.Disconnected);

        Assert.Contains("welcomed the client but did not answer every resubscription", stopped.Exception!.Message, StringComparison.Ordinal);
    }

    /// <summary>Connects, subscribes to p2, drops the connection, and accepts (welcomes) the reconnect.</summary>
    private static async Task<ScriptedConnection> ReconnectWithSubscriptionAsync(ScriptedServer server, ObservableTimeProvider time, ClientProbe probe)
    {
        var connecting = probe.Client.ConnectAsync();
        var first = await server.AcceptAsync();
        await connecting;
        var subscribing = probe.Client.SubscribeAsync("p2");
        var command = JsonDocument.Parse((await first.ReceiveAsync())!).RootElement;
        await first.SendAsync($$$"""{"type":"result","id":"{{{command.GetProperty("id").GetString()}}}","ok":true,"data":{"project":"p2","seq":7,"epoch":"E2","recovered":false}}""");
        await subscribing;

        first.Socket.Abort();
        await time.WaitForTimerAsync(TimeSpan.FromMilliseconds(1));
        time.Advance(TimeSpan.FromMilliseconds(1));
        return await server.AcceptAsync();
    }
}
