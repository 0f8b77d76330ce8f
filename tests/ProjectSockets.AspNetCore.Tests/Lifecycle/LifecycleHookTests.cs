using System.Threading.Channels;
using Microsoft.Extensions.DependencyInjection;

namespace ProjectSockets.AspNetCore.Tests.Lifecycle;

/// <summary>Lifecycle hooks on a real Kestrel server with real WebSocket clients.</summary>
public sealed class LifecycleHookTests
{
    [Fact]
    public async Task Hooks_SeeAConnectionsLife_InOrder_WithTheServersCloseCodeAndReason()
    {
        var seen = Channel.CreateUnbounded<ConnectionLifecycleEvent>();
        await using var host = await KestrelHost.StartAsync(sockets: s => Record(s, seen.Writer));
        var manager = host.Services.GetRequiredService<IWebSocketManager>();
        var client = await host.ConnectAsync("/ws/p1");
        var id = client.Welcome.GetProperty("connectionId").GetString()!;

        await client.InvokeAsync("subscribe", "1", "p2");
        await client.InvokeAsync("subscribe", "2", "p2", """{"events":["task_*"]}""");
        await client.InvokeAsync("unsubscribe", "3", "p2");
        var disconnect = manager.DisconnectAsync(id, 4100, "project archived");
        await client.ReceiveUntilClosedAsync();
        await disconnect.WaitAsync(KestrelHost.Timeout);
        var events = await ReadAsync(seen.Reader, 6);

        Assert.Equal(
            ["Connected", "Subscribed p1", "Subscribed p2", "Unsubscribed p2", "Unsubscribed p1", "Disconnected"],
            events.Select(e => e.Project is null ? e.Kind.ToString() : $"{e.Kind} {e.Project}"));
        Assert.All(events, e => Assert.Equal(id, e.ConnectionId));
        Assert.Equal(4100, events[^1].CloseCode);
        Assert.Equal("project archived", events[^1].CloseReason);
    }

    [Fact]
    public async Task Disconnected_AfterTheClientCloses_CarriesItsCode()
    {
        var seen = Channel.CreateUnbounded<ConnectionLifecycleEvent>();
        await using var host = await KestrelHost.StartAsync(sockets: s => s.OnDisconnected((e, _) => Write(seen.Writer, e)));
        var client = await host.ConnectAsync("/ws");

        await client.CloseAsync();
        var disconnected = (await ReadAsync(seen.Reader, 1))[0];

        Assert.Equal(1000, disconnected.CloseCode);
        Assert.Equal(string.Empty, disconnected.CloseReason);
    }

    [Fact]
    public async Task AThrowingHook_IsLogged_TheNextHookRuns_AndTheConnectionGoesOn()
    {
        var seen = Channel.CreateUnbounded<ConnectionLifecycleEvent>();
        await using var host = await KestrelHost.StartAsync(sockets: s => s
            .OnConnected((_, _) => throw new InvalidOperationException("hook broke"))
            .OnConnected((e, _) => Write(seen.Writer, e)));

        var client = await host.ConnectAsync("/ws");
        await ReadAsync(seen.Reader, 1);
        await host.Logs!.Logged("LifecycleHookFailed");
        var result = await client.InvokeAsync("subscribe", "1", "p1");

        Assert.True(result.GetProperty("ok").GetBoolean());
        Assert.Equal(1, host.Logs.Count("LifecycleHookFailed"));
    }

    [Fact]
    public async Task AHookThatNeverReturns_StallsNeitherCommandsNorPublishing()
    {
        var hung = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var entered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var host = await KestrelHost.StartAsync(sockets: s => s.OnSubscribed(async (_, _) =>
        {
            entered.TrySetResult();
            await hung.Task;
        }));
        try
        {
            var client = await host.ConnectAsync("/ws/p1");
            await entered.Task.WaitAsync(KestrelHost.Timeout);

            var second = await host.ConnectAsync("/ws");
            await second.InvokeAsync("subscribe", "1", "p1");
            await host.Services.GetRequiredService<IProjectEventPublisher>().PublishAsync("p1", "task_started", null);

            await client.ReceiveEventAsync("task_started");
            await second.ReceiveEventAsync("task_started");
        }
        finally
        {
            hung.TrySetResult();
        }
    }

    private static void Record(IProjectSocketsBuilder builder, ChannelWriter<ConnectionLifecycleEvent> writer)
        => builder
            .OnConnected((e, _) => Write(writer, e))
            .OnSubscribed((e, _) => Write(writer, e))
            .OnUnsubscribed((e, _) => Write(writer, e))
            .OnDisconnected((e, _) => Write(writer, e));

    private static ValueTask Write(ChannelWriter<ConnectionLifecycleEvent> writer, ConnectionLifecycleEvent lifecycleEvent)
    {
        writer.TryWrite(lifecycleEvent);
        return ValueTask.CompletedTask;
    }

    private static async Task<List<ConnectionLifecycleEvent>> ReadAsync(ChannelReader<ConnectionLifecycleEvent> reader, int count)
    {
        using var timeout = new CancellationTokenSource(KestrelHost.Timeout);
        var events = new List<ConnectionLifecycleEvent>();
        while (events.Count < count)
        {
            events.Add(await reader.ReadAsync(timeout.Token));
        }

        return events;
    }
}
