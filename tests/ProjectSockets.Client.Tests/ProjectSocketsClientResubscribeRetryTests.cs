using System.Text.Json;
using ProjectSockets.Client.Tests.Testing;

namespace ProjectSockets.Client.Tests;

/// <summary>The backoff of resubscriptions that meet a transient answer, on fake time against a scripted server.</summary>
public sealed class ProjectSocketsClientResubscribeRetryTests
{
    [Fact]
    public async Task TransientAnswers_AreRetriedWithGrowingBoundedWaits_FromTheSamePosition()
    {
        var server = new ScriptedServer();
        var time = new ObservableTimeProvider();
        await using var probe = ScriptedClient.Create(server, time, Backoff);
        var (second, _) = await ReconnectWithSubscriptionAsync(server, time, probe);
        var resubscribes = new List<JsonElement>();

        foreach (var (code, wait) in new[] { ("handler_error", 1), ("rate_limited", 2), ("timeout", 3) })
        {
            var command = await ReceiveCommandAsync(second);
            resubscribes.Add(command);
            await second.SendAsync(Error(command, code));
            await time.WaitForTimerAsync(TimeSpan.FromSeconds(wait));
            time.Advance(TimeSpan.FromSeconds(wait));
        }

        var last = await ReceiveCommandAsync(second);
        resubscribes.Add(last);
        await second.SendAsync(Result(last, """{"project":"p2","seq":8,"epoch":"E2","recovered":true}"""));
        await second.SendAsync(Event(9));
        var events = await probe.WaitForEventsAsync("p2", 2);

        Assert.All(resubscribes, c => Assert.Equal("""{"since":8,"epoch":"E2"}""", c.GetProperty("args").GetRawText()));
        Assert.Equal([8L, 9L], events.Select(e => e.Seq!.Value));
        Assert.False(probe.TryTakeSubscriptionFailed(out _));
        Assert.False(probe.TryTakeRecoveryFailed(out _));
    }

    [Fact]
    public async Task DisposeDuringTheBackoff_StopsRetrying_AndEndsTheStreamNormally()
    {
        var server = new ScriptedServer();
        var time = new ObservableTimeProvider();
        var probe = ScriptedClient.Create(server, time, Backoff);
        var (second, subscription) = await ReconnectWithSubscriptionAsync(server, time, probe);
        var command = await ReceiveCommandAsync(second);
        await second.SendAsync(Error(command, "handler_error"));
        await time.WaitForTimerAsync(TimeSpan.FromSeconds(1));

        await probe.DisposeAsync().AsTask().WaitAsync(ScriptedServer.Timeout);
        var seqs = new List<long>();
        await foreach (var evt in subscription.WithCancellation(new CancellationTokenSource(ScriptedServer.Timeout).Token))
        {
            seqs.Add(evt.Seq!.Value);
        }

        time.Advance(TimeSpan.FromSeconds(1));
        Assert.Null(await second.ReceiveAsync());
        Assert.Equal([8L], seqs);
        Assert.False(probe.TryTakeSubscriptionFailed(out _));
    }

    private static void Backoff(ProjectSocketsClientOptions options)
    {
        options.Reconnect.InitialDelay = TimeSpan.FromSeconds(1);
        options.Reconnect.MaxDelay = TimeSpan.FromSeconds(3);
        options.Reconnect.Multiplier = 2;
    }

    /// <summary>Connects, subscribes to p2 (buffered), delivers its event 8, then drops the connection and accepts the next.</summary>
    private static async Task<(ScriptedConnection Second, ProjectSubscription Subscription)> ReconnectWithSubscriptionAsync(
        ScriptedServer server, ObservableTimeProvider time, ClientProbe probe)
    {
        var connecting = probe.Client.ConnectAsync();
        var first = await server.AcceptAsync();
        await connecting;
        var subscribing = probe.Client.SubscribeAsync("p2", new SubscribeOptions { BufferEvents = true });
        var command = await ReceiveCommandAsync(first);
        await first.SendAsync(Result(command, """{"project":"p2","seq":7,"epoch":"E2","recovered":false}"""));
        var subscription = await subscribing;
        await first.SendAsync(Event(8));
        await probe.WaitForEventsAsync("p2", 1);

        first.Socket.Abort();
        await time.WaitForTimerAsync(TimeSpan.FromSeconds(1));
        time.Advance(TimeSpan.FromSeconds(1));
        return (await server.AcceptAsync(), subscription);
    }

    private static async Task<JsonElement> ReceiveCommandAsync(ScriptedConnection connection)
        => JsonDocument.Parse((await connection.ReceiveAsync())!).RootElement;

    private static string Result(JsonElement command, string data)
        => $$"""{"type":"result","id":"{{command.GetProperty("id").GetString()}}","ok":true,"data":{{data}}}""";

    private static string Error(JsonElement command, string code)
        => $$$"""{"type":"result","id":"{{{command.GetProperty("id").GetString()}}}","ok":false,"error":{"code":"{{{code}}}","message":"try again"}}""";

    private static string Event(long seq)
        => $$"""{"type":"event","project":"p2","event":"step","seq":{{seq}},"epoch":"E2","time":"2026-11-27T10:00:00.000Z","data":null}""";
}
