using ProjectSockets.Client.Tests.Testing;

namespace ProjectSockets.Client.Tests;

/// <summary>
/// What happens to subscriptions when the server answers their restoration after a reconnect with an error, or the
/// connection breaks before it answers. Runs against each real host adapter: see the derived classes.
/// </summary>
public abstract class ProjectSocketsClientResubscribeTests(TestHostKind host)
{
    private const int EventsPerPhase = 20;

    [Fact]
    public async Task ResubscribeAnsweredHandlerError_IsRetriedFromItsPosition_EveryEventOnceInOrder()
    {
        await using var server = await TestServer.StartAsync(host);
        await using var probe = await ClientProbe.ConnectAsync(server.Url());
        await using var subscription = await probe.Client.SubscribeAsync("p2", new SubscribeOptions { BufferEvents = true });
        var streamed = ReadSeqsAsync(subscription, 3 * EventsPerPhase);
        await PublishAsync(server, "p2", EventsPerPhase);
        await probe.WaitForEventsAsync("p2", EventsPerPhase);

        // The next three subscribes of p2 meet an authorizer that throws: the server answers handler_error.
        var failuresLeft = 3;
        server.Authorizer.ThrowOnSubscribe = project => project == "p2" && Interlocked.Decrement(ref failuresLeft) >= 0;
        server.DropConnections();
        await PublishAsync(server, "p2", EventsPerPhase);
        await probe.WaitForStateAsync(ProjectSocketsClientState.Connected);
        await PublishAsync(server, "p2", EventsPerPhase);
        var events = await probe.WaitForEventsAsync("p2", 3 * EventsPerPhase);

        Assert.Equal(-1, Volatile.Read(ref failuresLeft));
        Assert.True(DeliveryCheck.Of(events.Select(e => e.Seq!.Value), 3 * EventsPerPhase).IsExact);
        Assert.Equal(Enumerable.Range(1, 3 * EventsPerPhase).Select(i => (long)i), await streamed.WaitAsync(ClientProbe.Timeout));
        Assert.False(probe.TryTakeRecoveryFailed(out _));
        Assert.False(probe.TryTakeSubscriptionFailed(out _));
    }

    [Fact]
    public async Task ResubscribeAnsweredForbidden_RaisesSubscriptionFailed_AndFaultsTheStream()
    {
        await using var server = await TestServer.StartAsync(host);
        await using var probe = await ClientProbe.ConnectAsync(server.Url("p1"));
        await using var subscription = await probe.Client.SubscribeAsync("p2", new SubscribeOptions { BufferEvents = true });
        await PublishAsync(server, "p2", 2);
        await probe.WaitForEventsAsync("p2", 2);

        server.Authorizer.RefuseProject = "p2";
        server.DropConnections();
        var failed = await probe.NextSubscriptionFailedAsync();
        var seqs = new List<long>();
        var exception = await Assert.ThrowsAsync<ProjectSocketsCommandException>(async () =>
        {
            await foreach (var evt in subscription.WithCancellation(new CancellationTokenSource(ClientProbe.Timeout).Token))
            {
                seqs.Add(evt.Seq!.Value);
            }
        });
        await server.PublishAsync("p1", "still_connected", null);
        await probe.WaitForEventsAsync("p1", 1);

        Assert.Equal(("p2", ProtocolErrorCodes.Forbidden, 2L), (failed.Project, failed.Code, failed.LastSeq));
        Assert.Same(failed.Error, exception);
        Assert.Equal([1L, 2L], seqs);
        Assert.Equal(ProjectSocketsClientState.Connected, probe.Client.State);
        Assert.False(probe.TryTakeRecoveryFailed(out _));
    }

    [Fact]
    public async Task ResubscribeAnsweredHandlerError_MoreThanMaxAttempts_RaisesSubscriptionFailed()
    {
        await using var server = await TestServer.StartAsync(host);
        await using var probe = await ClientProbe.ConnectAsync(server.Url(), o => o.Reconnect.MaxAttempts = 2);
        await using var subscription = await probe.Client.SubscribeAsync("p2", new SubscribeOptions { BufferEvents = true });

        server.Authorizer.ThrowOnSubscribe = project => project == "p2";
        server.DropConnections();
        var failed = await probe.NextSubscriptionFailedAsync();
        var exception = await Assert.ThrowsAsync<ProjectSocketsCommandException>(async () =>
        {
            await foreach (var _ in subscription.WithCancellation(new CancellationTokenSource(ClientProbe.Timeout).Token))
            {
            }
        });

        Assert.Equal(("p2", ProtocolErrorCodes.HandlerError), (failed.Project, failed.Code));
        Assert.Equal(ProtocolErrorCodes.HandlerError, exception.Code);
        Assert.Equal(ProjectSocketsClientState.Connected, probe.Client.State);
    }

    [Fact]
    public async Task ConnectionCutBetweenWelcomeAndResubscribeResult_ReconnectsWithoutWaitingForTheConnectTimeout_AndResumes()
    {
        await using var server = await TestServer.StartAsync(host);

        // A stall until the connect timeout would outlast every wait of this test.
        await using var probe = await ClientProbe.ConnectAsync(server.Url("p1"), o => o.ConnectTimeout = TimeSpan.FromMinutes(10));
        await using var subscription = await probe.Client.SubscribeAsync("p2");
        await PublishAsync(server, "p1", EventsPerPhase);
        await PublishAsync(server, "p2", EventsPerPhase);
        await probe.WaitForEventsAsync("p2", EventsPerPhase);

        var plans = new Queue<ProxyCut>([new ProxyCut(AfterWelcome: true)]);
        server.Proxy.Cut = () =>
        {
            lock (plans)
            {
                return plans.TryDequeue(out var plan) ? plan : null;
            }
        };
        server.DropConnections();
        await PublishAsync(server, "p1", EventsPerPhase);
        await PublishAsync(server, "p2", EventsPerPhase);
        await probe.WaitForStateAsync(ProjectSocketsClientState.Reconnecting);
        await probe.WaitForStateAsync(ProjectSocketsClientState.Connected);
        await PublishAsync(server, "p1", EventsPerPhase);
        await PublishAsync(server, "p2", EventsPerPhase);
        var p1 = await probe.WaitForEventsAsync("p1", 3 * EventsPerPhase);
        var p2 = await probe.WaitForEventsAsync("p2", 3 * EventsPerPhase);

        Assert.Equal(1, server.Proxy.Cuts);
        Assert.True(server.Upgrades >= 3);
        Assert.True(DeliveryCheck.Of(p1.Select(e => e.Seq!.Value), 3 * EventsPerPhase).IsExact);
        Assert.True(DeliveryCheck.Of(p2.Select(e => e.Seq!.Value), 3 * EventsPerPhase).IsExact);
        Assert.False(probe.TryTakeRecoveryFailed(out _));
        Assert.False(probe.TryTakeSubscriptionFailed(out _));
    }

    private static async Task PublishAsync(TestServer server, string project, int count)
    {
        for (var i = 0; i < count; i++)
        {
            await server.PublishAsync(project, "step", new { i });
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
