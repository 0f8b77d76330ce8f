using System.Net.WebSockets;
using System.Text.Json;
using ProjectSockets.Client.Tests.Testing;

namespace ProjectSockets.Client.Tests;

public sealed class ProjectSocketsClientReconnectTests
{
    private const string RouteP1 = """[{"project":"p1","seq":0,"epoch":"E1","recovered":false}]""";

    [Fact]
    public async Task FailedAttempts_WaitExponentiallyLonger_UpToMaxDelay()
    {
        var server = new ScriptedServer();
        var time = new ObservableTimeProvider();
        await using var probe = ScriptedClient.Create(server, time, o =>
        {
            o.Reconnect.InitialDelay = TimeSpan.FromSeconds(1);
            o.Reconnect.MaxDelay = TimeSpan.FromSeconds(3);
            o.Reconnect.Multiplier = 2;
        });
        var connecting = probe.Client.ConnectAsync();
        var connection = await server.AcceptAsync();
        await connecting;
        for (var i = 0; i < 3; i++)
        {
            server.FailNext(new ProjectSocketsConnectionException("refused") { StatusCode = 503 });
        }

        await connection.Socket.CloseOutputAsync(WebSocketCloseStatus.InternalServerError, "test", CancellationToken.None);
        foreach (var seconds in new[] { 1, 2, 3, 3 })
        {
            await time.WaitForTimerAsync(TimeSpan.FromSeconds(seconds));
            time.Advance(TimeSpan.FromSeconds(seconds));
        }

        await server.AcceptAsync();
        await probe.WaitForStateAsync(ProjectSocketsClientState.Connected);
        Assert.Equal(5, server.Attempts);
    }

    [Fact]
    public async Task Reconnect_SendsRouteResumePointInQuery_AndDropsDuplicates()
    {
        var server = new ScriptedServer();
        await using var probe = ScriptedClient.Create(server, configure: o => o.SessionKey = "session-key-0123456789");
        var connecting = probe.Client.ConnectAsync();
        var first = await server.AcceptAsync(subscriptions: RouteP1);
        await connecting;
        await first.SendAsync(Event("p1", 1, "E1") + "\n" + Event("p1", 2, "E1"));
        await probe.WaitForEventsAsync("p1", 2);

        first.Socket.Abort();
        var second = await server.AcceptAsync(subscriptions: """[{"project":"p1","seq":3,"epoch":"E1","recovered":true}]""");
        await second.SendAsync(Event("p1", 2, "E1"));
        await second.SendAsync(Event("p1", 3, "E1"));
        var events = await probe.WaitForEventsAsync("p1", 3);

        Assert.Equal("?since=2&epoch=E1&session=session-key-0123456789", second.Request.Uri.Query);
        Assert.Equal([1L, 2L, 3L], events.Select(e => e.Seq!.Value));
        Assert.Equal(1, probe.Client.DuplicatesDropped);
    }

    [Fact]
    public async Task Reconnect_ResubscribesWithFilterSinceAndEpoch()
    {
        var server = new ScriptedServer();
        await using var probe = ScriptedClient.Create(server);
        var connecting = probe.Client.ConnectAsync();
        var first = await server.AcceptAsync();
        await connecting;
        var subscribing = probe.Client.SubscribeAsync("p2", new SubscribeOptions { Events = ["task_*"] });
        var command = JsonDocument.Parse((await first.ReceiveAsync())!).RootElement;
        await first.SendAsync($$$"""{"type":"result","id":"{{{command.GetProperty("id").GetString()}}}","ok":true,"data":{"project":"p2","seq":7,"epoch":"E2","recovered":false}}""");
        await using var subscription = await subscribing;
        await first.SendAsync(Event("p2", 8, "E2"));
        await probe.WaitForEventsAsync("p2", 1);

        first.Socket.Abort();
        var second = await server.AcceptAsync();
        var resubscribe = JsonDocument.Parse((await second.ReceiveAsync())!).RootElement;

        Assert.Equal("subscribe", resubscribe.GetProperty("command").GetString());
        Assert.Equal("p2", resubscribe.GetProperty("project").GetString());
        Assert.Equal("""{"events":["task_*"],"since":8,"epoch":"E2"}""", resubscribe.GetProperty("args").GetRawText());
    }

    [Fact]
    public async Task ResumeRefused_RecoveredFalse_RaisesRecoveryFailedBeforeNewerEvents()
    {
        var server = new ScriptedServer();
        await using var probe = ScriptedClient.Create(server);
        var order = new List<string>();
        probe.Client.RecoveryFailed += (_, e) => order.Add($"recovery {e.Project} {e.PreviousEpoch}->{e.Epoch} after {e.LastSeq} at {e.Seq}");
        probe.Client.On("*", e => order.Add($"event {e.Seq}"));
        var connecting = probe.Client.ConnectAsync();
        var first = await server.AcceptAsync(subscriptions: RouteP1);
        await connecting;
        await first.SendAsync(Event("p1", 1, "E1"));
        await probe.WaitForEventsAsync("p1", 1);

        first.Socket.Abort();
        var second = await server.AcceptAsync(subscriptions: """[{"project":"p1","seq":5,"epoch":"E9","recovered":false}]""");
        await second.SendAsync(Event("p1", 6, "E9"));
        await probe.WaitForEventsAsync("p1", 2);

        Assert.Equal(["event 1", "recovery p1 E1->E9 after 1 at 5", "event 6"], order);
    }

    private static string Event(string project, long seq, string epoch)
        => $$"""{"type":"event","project":"{{project}}","event":"step","seq":{{seq}},"epoch":"{{epoch}}","time":"2026-11-27T10:00:00.000Z","data":null}""";
}
