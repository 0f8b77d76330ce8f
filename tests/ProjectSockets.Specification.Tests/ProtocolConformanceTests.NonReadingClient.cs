namespace ProjectSockets.Specification.Tests;

/// <summary>
/// A client that completes the upgrade and never reads: every wait of its connection and of shutdown is bounded,
/// whatever the transport does with a send that cannot complete.
/// </summary>
public abstract partial class ProtocolConformanceTests
{
    /// <summary>Far beyond every bound these tests set: reaching it means the server was stuck.</summary>
    private static readonly TimeSpan StuckLimit = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task ClientThatNeverReads_IsClosedAndRemovedByTheServer_OnceTheCloseTimesOut()
    {
        await using var host = await StartWithRoomyQueueAsync();
        using var client = await NonReadingClient.ConnectAsync(UrlOf(host, "/ws/p1"));
        var manager = ManagerOf(host);
        await FillAsync(host, "p1");

        // The close cannot be sent: only the abort at the close timeout can end the connection.
        Assert.True(await manager.DisconnectAsync(client.ConnectionId).WaitAsync(StuckLimit));
        await client.ReadUntilServerClosesAsync().WaitAsync(StuckLimit);

        Assert.Equal(0, manager.ConnectionCount);
        Assert.Equal(0, manager.GetSubscriberCount("p1"));
    }

    [Fact]
    public async Task ClientThatNeverReads_DoesNotHoldUpStop()
    {
        var host = await StartWithRoomyQueueAsync();
        await using (host)
        {
            using var client = await NonReadingClient.ConnectAsync(UrlOf(host, "/ws/p1"));
            await FillAsync(host, "p1");

            await host.StopAsync().WaitAsync(StuckLimit);
            await client.ReadUntilServerClosesAsync().WaitAsync(StuckLimit);

            Assert.Equal(0, ManagerOf(host).ConnectionCount);
        }
    }

    /// <summary>A server whose send queue holds far more than a socket's buffers, with short close and shutdown timeouts.</summary>
    private Task<IProtocolTestHost> StartWithRoomyQueueAsync() => StartAsync(o =>
    {
        o.SendQueue.MaxBytes = 64L * 1024 * 1024;
        o.SendQueue.MaxMessages = 100_000;
        o.History.MaxEvents = 100_000;
        o.History.MaxBytes = 512L * 1024 * 1024;
        o.CloseTimeout = TimeSpan.FromMilliseconds(500);
        o.ShutdownTimeout = TimeSpan.FromSeconds(1);
    });

    /// <summary>
    /// Publishes 24 MiB to the project: far more than the socket buffers of both ends hold (at most a few MiB), so the
    /// writer is left waiting in a send that cannot complete, with the rest still queued.
    /// </summary>
    private static async Task FillAsync(IProtocolTestHost host, string project)
    {
        var publisher = ClientNodePublisherOf(host);
        var data = new { line = new string('x', 8 * 1024) };
        for (var i = 0; i < 3072; i++)
        {
            Assert.Equal(1, (await publisher.PublishAsync(project, "agent_output", data)).LocalSubscribers);
        }
    }
}
