using ProjectSockets.Client.Tests.Testing;

namespace ProjectSockets.Client.Tests;

/// <summary>Runs against each real host adapter: see the derived classes.</summary>
public abstract class ProjectSocketsClientResumeTests(TestHostKind host)
{
    private const int EventCount = 300;

    [Theory]
    [InlineData("close 1011")]
    [InlineData("close 4002")]
    [InlineData("dropped TCP")]
    public async Task ConnectionLost_WhilePublishing_ResumesEveryProjectWithEachEventOnceInOrder(string how)
    {
        await using var server = await TestServer.StartAsync(host);
        await using var probe = await ClientProbe.ConnectAsync(server.Url("p1"));
        await using var subscription = await probe.Client.SubscribeAsync("p2", new SubscribeOptions { BufferEvents = true });
        var streamed = ReadSeqsAsync(subscription, EventCount);

        for (var i = 1; i <= EventCount; i++)
        {
            await server.PublishAsync("p1", "step", new { i });
            await server.PublishAsync("p2", "step", new { i });
            if (i == EventCount / 3)
            {
                await KillAsync(server, probe.Client.ConnectionId!, how);
            }
        }

        var p1 = await probe.WaitForEventsAsync("p1", EventCount);
        var p2 = await probe.WaitForEventsAsync("p2", EventCount);

        Assert.True(DeliveryCheck.Of(p1.Select(e => e.Seq!.Value), EventCount).IsExact);
        Assert.True(DeliveryCheck.Of(p2.Select(e => e.Seq!.Value), EventCount).IsExact);
        Assert.Equal(Enumerable.Range(1, EventCount).Select(i => (long)i), await streamed.WaitAsync(ClientProbe.Timeout));
        Assert.True(server.Upgrades >= 2);
        Assert.False(probe.TryTakeRecoveryFailed(out _));
    }

    [Fact]
    public async Task SlowConsumer_ClosedBy4001_ResumesWithEachEventOnceInOrder()
    {
        await using var server = await TestServer.StartAsync(host, o =>
        {
            o.SendQueue.MaxMessages = 5;
            o.CloseTimeout = TimeSpan.FromMilliseconds(200);
            o.History.MaxEvents = 100_000;
            o.History.MaxBytes = 512L * 1024 * 1024;
        });
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var probe = await ClientProbe.ConnectAsync(server.Url("p1"));
        using var blocker = probe.Client.On("step", _ => new ValueTask(gate.Task));
        var payload = new string('x', 32 * 1024);

        // The handler holds the receive loop, so socket buffers fill, then the server's queue: it closes with 4001.
        var published = 0;
        var slowConsumerClosed = false;
        while (!slowConsumerClosed && published < 8_000)
        {
            var result = await server.Publisher.PublishAsync("p1", "step", new { payload });
            published++;
            slowConsumerClosed = result.LocalSubscribers == 0;
        }

        for (var i = 0; i < 20; i++, published++)
        {
            await server.Publisher.PublishAsync("p1", "step", new { payload });
        }

        gate.SetResult();
        var events = await probe.WaitForEventsAsync("p1", published);

        Assert.True(slowConsumerClosed, "The server never closed the slow consumer.");
        Assert.True(DeliveryCheck.Of(events.Select(e => e.Seq!.Value), published).IsExact);
        Assert.True(server.Upgrades >= 2);
    }

    [Fact]
    public async Task ServerRestart_NewEpoch_ReportsRecoveryFailedPerProjectAndGoesOn()
    {
        await using var server = await TestServer.StartAsync(host);
        await using var probe = await ClientProbe.ConnectAsync(server.Url("p1"));
        await using var subscription = await probe.Client.SubscribeAsync("p2");
        await server.PublishAsync("p1", "step", null);
        await server.PublishAsync("p2", "step", null);
        await server.PublishAsync("p2", "step", null);
        await probe.WaitForEventsAsync("p2", 2);
        var oldEpochs = probe.Events.DistinctBy(e => e.Project).Select(e => e.Epoch).ToArray();

        await server.StopAsync();
        await probe.WaitForStateAsync(ProjectSocketsClientState.Reconnecting);
        await server.StartAgainAsync();
        await probe.WaitForStateAsync(ProjectSocketsClientState.Connected);
        var reports = new[] { await probe.NextRecoveryFailedAsync(), await probe.NextRecoveryFailedAsync() }.OrderBy(r => r.Project).ToArray();
        await server.PublishAsync("p1", "after_restart", null);
        var p1 = await probe.WaitForEventsAsync("p1", 2);

        Assert.Equal(["p1", "p2"], reports.Select(r => r.Project));
        Assert.All(reports, r => Assert.True(r.EpochChanged));
        Assert.Equal(oldEpochs, reports.Select(r => r.PreviousEpoch));
        Assert.Equal([1L, 2L], reports.Select(r => r.LastSeq));
        Assert.Equal(("after_restart", 1L), (p1[1].Name, p1[1].Seq!.Value));
    }

    private static async Task KillAsync(TestServer server, string connectionId, string how)
    {
        switch (how)
        {
            case "close 1011":
                await server.Manager.DisconnectAsync(connectionId, ProtocolCloseCodes.InternalError, "test");
                break;
            case "close 4002":
                await server.Manager.DisconnectAsync(connectionId, ProtocolCloseCodes.HeartbeatTimeout, "test");
                break;
            default:
                server.DropConnections();
                break;
        }
    }

    private static async Task<List<long>> ReadSeqsAsync(ProjectSubscription subscription, int count)
    {
        var seqs = new List<long>();
        await foreach (var evt in subscription)
        {
            seqs.Add(evt.Seq!.Value);
            if (seqs.Count == count)
            {
                break;
            }
        }

        return seqs;
    }
}
