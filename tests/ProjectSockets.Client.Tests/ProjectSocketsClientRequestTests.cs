using ProjectSockets.Client.Tests.Testing;

namespace ProjectSockets.Client.Tests;

public sealed class ProjectSocketsClientRequestTests
{
    [Fact]
    public async Task Connect_SendsHeadersSubprotocolAndBearerToken()
    {
        var server = new ScriptedServer();
        await using var probe = ScriptedClient.Create(server, configure: o =>
        {
            o.Headers["X-Team"] = "blue";
            o.AccessTokenProvider = _ => ValueTask.FromResult<string?>("abc");
            o.SessionKey = "session-key-0123456789";
        });

        var connecting = probe.Client.ConnectAsync();
        var connection = await server.AcceptAsync();
        await connecting;

        Assert.Equal("projectsockets.v1", connection.Request.SubProtocol);
        Assert.Equal("blue", connection.Request.Headers["X-Team"]);
        Assert.Equal("Bearer abc", connection.Request.Headers["Authorization"]);
        Assert.Equal("?session=session-key-0123456789", connection.Request.Uri.Query);
    }

    [Fact]
    public async Task Connect_WithAccessTokenInQuery_SendsItThereAndKeepsOtherParameters()
    {
        var server = new ScriptedServer();
        await using var probe = ScriptedClient.Create(server, configure: o =>
        {
            o.Url = new Uri("ws://scripted.test/ws/p1?events=task_*&since=9&access_token=old&session=old-key-0123456789");
            o.SessionKey = "session-key-0123456789";
            o.AccessTokenInQuery = true;
            o.AccessTokenProvider = _ => ValueTask.FromResult<string?>("a b");
        });

        var connecting = probe.Client.ConnectAsync();
        var connection = await server.AcceptAsync();
        await connecting;

        Assert.Equal("?events=task_*&session=session-key-0123456789&access_token=a%20b", connection.Request.Uri.Query);
        Assert.False(connection.Request.Headers.ContainsKey("Authorization"));
    }

    [Fact]
    public async Task Handler_ThatThrows_DoesNotStopDelivery()
    {
        var server = new ScriptedServer();
        await using var probe = ScriptedClient.Create(server);
        using var failing = probe.Client.On("step", _ => throw new InvalidOperationException("handler bug"));
        var connecting = probe.Client.ConnectAsync();
        var connection = await server.AcceptAsync(subscriptions: """[{"project":"p1","seq":0,"epoch":"E1","recovered":false}]""");
        await connecting;

        await connection.SendAsync(Event(1) + "\n" + Event(2));

        Assert.Equal([1L, 2L], (await probe.WaitForEventsAsync("p1", 2)).Select(e => e.Seq!.Value));
    }

    [Fact]
    public async Task SubscribeInFlight_WhenConnectionDrops_FailsAndIsNotRestored()
    {
        var server = new ScriptedServer();
        await using var probe = ScriptedClient.Create(server);
        var connecting = probe.Client.ConnectAsync();
        var first = await server.AcceptAsync();
        await connecting;

        var subscribing = probe.Client.SubscribeAsync("p2");
        Assert.NotNull(await first.ReceiveAsync());
        first.Socket.Abort();
        await Assert.ThrowsAsync<ProjectSocketsConnectionException>(() => subscribing);
        var second = await server.AcceptAsync();
        await probe.WaitForStateAsync(ProjectSocketsClientState.Connected);

        // Nothing to restore: the next message the server sees is the ping it is sent now, not a subscribe.
        await second.SendAsync("""{"type":"ping"}""");
        Assert.Equal("""{"type":"pong"}""", await second.ReceiveAsync());
    }

    [Fact]
    public void GetData_ReadsCamelCaseIntoTheType()
    {
        var data = System.Text.Json.JsonDocument.Parse("""{"taskId":"t1","title":"build"}""").RootElement;
        var evt = new ProjectSocketsEvent("p1", "task_started", 1, "E1", DateTimeOffset.UnixEpoch, data);

        Assert.Equal(new TaskStarted("t1", "build"), evt.GetData<TaskStarted>());
    }

    private sealed record TaskStarted(string TaskId, string Title);

    private static string Event(long seq)
        => $$"""{"type":"event","project":"p1","event":"step","seq":{{seq}},"epoch":"E1","time":"2026-11-27T10:00:00.000Z","data":null}""";
}
