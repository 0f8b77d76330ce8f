namespace ProjectSockets.Specification.Tests;

/// <summary>Resume with <c>since</c> and <c>epoch</c>, through the connect query and through <c>subscribe</c>.</summary>
public abstract partial class ProtocolConformanceTests
{
    [Fact]
    public async Task Connect_WithSinceAndEpoch_RecoversAndReplaysMissedEventsAfterWelcome()
    {
        await using var host = await StartAsync();
        var epoch = await PublishThreeAsync(host, "r1");
        using var client = await ConnectAsync(host, $"/ws/r1?since=1&epoch={Uri.EscapeDataString(epoch)}");

        var subscription = Assert.Single(client.Welcome.GetProperty("subscriptions").EnumerateArray());
        Assert.True(subscription.GetProperty("recovered").GetBoolean());
        Assert.Equal(3, subscription.GetProperty("seq").GetInt64());
        Assert.Equal(epoch, subscription.GetProperty("epoch").GetString());
        Assert.Equal(2, (await client.ReceiveAsync("event")).GetProperty("seq").GetInt64());
        Assert.Equal(3, (await client.ReceiveAsync("event")).GetProperty("seq").GetInt64());
    }

    [Fact]
    public async Task Connect_WithSinceEpochAndFilter_ReplaysOnlyMatchingEvents()
    {
        await using var host = await StartAsync();
        var epoch = await PublishThreeAsync(host, "r1");
        using var client = await ConnectAsync(host, $"/ws/r1?since=0&epoch={Uri.EscapeDataString(epoch)}&events=gate_*");
        await PublisherOf(host).PublishAsync("r1", "gate_passed", null);

        Assert.True(client.Welcome.GetProperty("subscriptions")[0].GetProperty("recovered").GetBoolean());
        Assert.Equal(2, (await client.ReceiveAsync("event")).GetProperty("seq").GetInt64());
        Assert.Equal(4, (await client.ReceiveAsync("event")).GetProperty("seq").GetInt64());
    }

    [Fact]
    public async Task Connect_WithWrongEpoch_DoesNotRecoverOrReplay()
    {
        await using var host = await StartAsync();
        await PublishThreeAsync(host, "r1");
        using var client = await ConnectAsync(host, "/ws/r1?since=1&epoch=another-epoch");
        await PublisherOf(host).PublishAsync("r1", "task_started", null);

        Assert.False(client.Welcome.GetProperty("subscriptions")[0].GetProperty("recovered").GetBoolean());
        Assert.Equal(4, (await client.ReceiveAsync("event")).GetProperty("seq").GetInt64());
    }

    [Fact]
    public async Task Subscribe_WithSinceAndEpoch_RecoversAndReplaysMissedEventsAfterResult()
    {
        await using var host = await StartAsync();
        var epoch = await PublishThreeAsync(host, "r1");
        using var client = await ConnectAsync(host);

        var result = await client.InvokeAsync("subscribe", "1", "r1", $$"""{"since":1,"epoch":"{{epoch}}"}""");

        var data = result.GetProperty("data");
        Assert.True(data.GetProperty("recovered").GetBoolean());
        Assert.Equal(3, data.GetProperty("seq").GetInt64());
        Assert.Equal(2, (await client.ReceiveAsync("event")).GetProperty("seq").GetInt64());
        Assert.Equal(3, (await client.ReceiveAsync("event")).GetProperty("seq").GetInt64());
    }

    [Fact]
    public async Task Subscribe_WithSinceAtLatestSeq_RecoversWithNothingToReplay()
    {
        await using var host = await StartAsync();
        var epoch = await PublishThreeAsync(host, "r1");
        using var client = await ConnectAsync(host);

        var result = await client.InvokeAsync("subscribe", "1", "r1", $$"""{"since":3,"epoch":"{{epoch}}"}""");
        await PublisherOf(host).PublishAsync("r1", "task_started", null);

        Assert.True(result.GetProperty("data").GetProperty("recovered").GetBoolean());
        Assert.Equal(4, (await client.ReceiveAsync("event")).GetProperty("seq").GetInt64());
    }

    [Fact]
    public async Task Subscribe_WithSinceBeyondLatestSeq_DoesNotRecover()
    {
        await using var host = await StartAsync();
        var epoch = await PublishThreeAsync(host, "r1");
        using var client = await ConnectAsync(host);

        var result = await client.InvokeAsync("subscribe", "1", "r1", $$"""{"since":9,"epoch":"{{epoch}}"}""");
        await PublisherOf(host).PublishAsync("r1", "task_started", null);

        Assert.False(result.GetProperty("data").GetProperty("recovered").GetBoolean());
        Assert.Equal(4, (await client.ReceiveAsync("event")).GetProperty("seq").GetInt64());
    }

    [Fact]
    public async Task Subscribe_WithSinceOlderThanHistory_DoesNotRecoverOrReplay()
    {
        await using var host = await StartAsync(o => o.History.MaxEvents = 1);
        var epoch = await PublishThreeAsync(host, "r1");
        using var client = await ConnectAsync(host);

        var result = await client.InvokeAsync("subscribe", "1", "r1", $$"""{"since":1,"epoch":"{{epoch}}"}""");
        await PublisherOf(host).PublishAsync("r1", "task_started", null);

        Assert.False(result.GetProperty("data").GetProperty("recovered").GetBoolean());
        Assert.Equal(4, (await client.ReceiveAsync("event")).GetProperty("seq").GetInt64());
    }

    /// <summary>Publishes <c>task_started</c>, <c>gate_running</c>, <c>task_completed</c> (seq 1 to 3) with no subscriber.</summary>
    private static async Task<string> PublishThreeAsync(IProtocolTestHost host, string project)
    {
        var publisher = PublisherOf(host);
        await publisher.PublishAsync(project, "task_started", null);
        await publisher.PublishAsync(project, "gate_running", null);
        var last = await publisher.PublishAsync(project, "task_completed", null);
        Assert.Equal(3, last.Seq);
        return last.Epoch;
    }
}
