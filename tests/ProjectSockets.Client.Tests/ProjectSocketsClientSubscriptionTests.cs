using ProjectSockets.Client.Tests.Testing;

namespace ProjectSockets.Client.Tests;

/// <summary>Runs against each real host adapter: see the derived classes.</summary>
public abstract class ProjectSocketsClientSubscriptionTests(TestHostKind host)
{
    private sealed record AgentOutput(string AgentId, string Text);

    [Fact]
    public async Task SubscribeAsync_WithFilter_DeliversOnlyMatchingEventsToTypedHandler()
    {
        await using var server = await TestServer.StartAsync(host);
        await using var probe = await ClientProbe.ConnectAsync(server.Url());
        var output = new TaskCompletionSource<(long? Seq, AgentOutput Data)>(TaskCreationOptions.RunContinuationsAsynchronously);
        using var registration = probe.Client.On<AgentOutput>("agent_output", (evt, data) => output.SetResult((evt.Seq, data)));

        await using var subscription = await probe.Client.SubscribeAsync("p2", new SubscribeOptions { Events = ["agent_*"] });
        await server.PublishAsync("p2", "task_started", new { taskId = "t1" });
        await server.PublishAsync("p2", "agent_output", new { agentId = "a1", text = "hello" });
        var (seq, data) = await output.Task.WaitAsync(ClientProbe.Timeout);

        Assert.Equal(2, seq);
        Assert.Equal(new AgentOutput("a1", "hello"), data);
        Assert.Equal("agent_output", Assert.Single(probe.Events).Name);
    }

    [Fact]
    public async Task SubscribeAsync_Buffered_StreamsEventsInOrder()
    {
        await using var server = await TestServer.StartAsync(host);
        await using var probe = await ClientProbe.ConnectAsync(server.Url());
        await using var subscription = await probe.Client.SubscribeAsync("p1", new SubscribeOptions { BufferEvents = true });

        for (var i = 1; i <= 5; i++)
        {
            await server.PublishAsync("p1", "step", new { i });
        }

        var seqs = new List<long>();
        await foreach (var evt in subscription.WithCancellation(new CancellationTokenSource(ClientProbe.Timeout).Token))
        {
            seqs.Add(evt.Seq!.Value);
            if (seqs.Count == 5)
            {
                break;
            }
        }

        Assert.Equal([1, 2, 3, 4, 5], seqs);
    }

    [Fact]
    public async Task DisposeSubscription_UnsubscribesAndEndsStream()
    {
        await using var server = await TestServer.StartAsync(host);
        await using var probe = await ClientProbe.ConnectAsync(server.Url());
        var subscription = await probe.Client.SubscribeAsync("p1", new SubscribeOptions { BufferEvents = true });
        Assert.Equal(1, server.Manager.GetSubscriberCount("p1"));

        await subscription.DisposeAsync();
        var read = new List<ProjectSocketsEvent>();
        await foreach (var evt in subscription)
        {
            read.Add(evt);
        }

        Assert.Empty(read);
        Assert.Equal(0, server.Manager.GetSubscriberCount("p1"));
    }

    [Fact]
    public async Task SubscribeAsync_Refused_ThrowsCommandExceptionWithCode()
    {
        await using var server = await TestServer.StartAsync(host);
        server.Authorizer.RefuseProject = "secret";
        await using var probe = await ClientProbe.ConnectAsync(server.Url());

        var exception = await Assert.ThrowsAsync<ProjectSocketsCommandException>(() => probe.Client.SubscribeAsync("secret"));

        Assert.Equal(ProtocolErrorCodes.Forbidden, exception.Code);
        Assert.Equal("subscribe", exception.Command);
    }

    [Fact]
    public async Task SubscribeAsync_ToRouteProject_Throws()
    {
        await using var server = await TestServer.StartAsync(host);
        await using var probe = await ClientProbe.ConnectAsync(server.Url("p1"));

        await Assert.ThrowsAsync<InvalidOperationException>(() => probe.Client.SubscribeAsync("p1"));
    }

    [Fact]
    public async Task ReadAllAsync_WithoutBufferEvents_Throws()
    {
        await using var server = await TestServer.StartAsync(host);
        await using var probe = await ClientProbe.ConnectAsync(server.Url());
        await using var subscription = await probe.Client.SubscribeAsync("p1");

        Assert.Throws<InvalidOperationException>(() => subscription.ReadAllAsync());
    }

    [Fact]
    public async Task Stream_WhenClientStopsForGood_EndsWithConnectionException()
    {
        await using var server = await TestServer.StartAsync(host);
        await using var probe = await ClientProbe.ConnectAsync(server.Url());
        await using var subscription = await probe.Client.SubscribeAsync("p1", new SubscribeOptions { BufferEvents = true });

        await server.Manager.DisconnectAsync(probe.Client.ConnectionId!, ProtocolCloseCodes.PolicyViolation, "test");
        var exception = await Assert.ThrowsAsync<ProjectSocketsConnectionException>(async () =>
        {
            await foreach (var _ in subscription)
            {
            }
        });

        Assert.Equal(ProtocolCloseCodes.PolicyViolation, exception.CloseCode);
    }

    [Fact]
    public async Task DisposedHandlerRegistration_NoLongerCalled()
    {
        await using var server = await TestServer.StartAsync(host);
        await using var probe = await ClientProbe.ConnectAsync(server.Url("p1"));
        var calls = 0;
        var registration = probe.Client.On("step", _ => calls++);

        await server.PublishAsync("p1", "step", null);
        await probe.WaitForEventsAsync("p1", 1);
        registration.Dispose();
        await server.PublishAsync("p1", "step", null);
        await probe.WaitForEventsAsync("p1", 2);

        Assert.Equal(1, calls);
    }
}
