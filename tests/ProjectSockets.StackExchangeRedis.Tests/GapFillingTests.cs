using Microsoft.Extensions.Time.Testing;
using ProjectSockets.StackExchangeRedis.Tests.Testing;
using Xunit.Abstractions;

namespace ProjectSockets.StackExchangeRedis.Tests;

/// <summary>A node that misses channel messages sees the gap in seq and fills it from history, or resets.</summary>
public sealed class GapFillingTests(RedisFixture redis, ITestOutputHelper output) : IClassFixture<RedisFixture>, IAsyncLifetime
{
    private readonly NodeSet _nodes = new(() => redis.Configuration, output);

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _nodes.DisposeAsync();

    [Fact]
    public async Task MissedChannelMessages_AreFilledFromHistoryBeforeNewerEvents()
    {
        var (a, b) = (_nodes.Add("a"), _nodes.Add("b"));
        var client = await a.ConnectAsync("p1");
        await b.PublishAsync("p1", 1);
        Assert.Equal([1L], await client.ReceiveSeqsAsync(1));

        await NodeSet.AppendWithoutNotificationAsync(b, "p1", 2);
        await NodeSet.AppendWithoutNotificationAsync(b, "p1", 3);
        await b.PublishAsync("p1", 4);

        var events = new List<int>();
        for (var i = 0; i < 3; i++)
        {
            var message = await client.ReceiveAsync("event");
            Assert.Equal(i + 2, message.GetProperty("seq").GetInt64());
            events.Add(message.GetProperty("data").GetProperty("value").GetInt32());
        }

        Assert.Equal([2, 3, 4], events);
        Assert.Equal(1, a.Store.Statistics.GapsDetected);
        Assert.Equal(1, a.Store.Statistics.GapsFilled);
        Assert.Equal(0, a.Store.Statistics.Resets);
    }

    [Fact]
    public async Task MissedChannelMessages_NoLongerInHistory_CloseSubscribersWith4001AndResumeIsNotRecovered()
    {
        var a = _nodes.Add("a", o => o.History.MaxEvents = 2);
        var b = _nodes.Add("b", o => o.History.MaxEvents = 2);
        var client = await a.ConnectAsync("p1");
        var first = await b.PublishAsync("p1", 1);
        Assert.Equal([1L], await client.ReceiveSeqsAsync(1));

        for (var value = 2; value <= 4; value++)
        {
            await NodeSet.AppendWithoutNotificationAsync(b, "p1", value);
        }

        await b.PublishAsync("p1", 5);
        var (messages, closeCode) = await client.ReceiveUntilClosedAsync();

        var disconnected = Assert.Single(messages);
        Assert.Equal("disconnected", disconnected.GetProperty("type").GetString());
        Assert.Equal(4001, disconnected.GetProperty("code").GetInt32());
        Assert.True(disconnected.GetProperty("reconnect").GetBoolean());
        Assert.Equal(4001, closeCode);

        // Two detections of the same gap (the channel message and a catch-up) may both reset; only one finds a subscriber.
        Assert.Equal(1, a.Store.Statistics.SubscribersReset);

        var resumed = await b.ConnectAsync("p1", $"since=1&epoch={first.Epoch}");
        var subscription = Assert.Single(resumed.Welcome.GetProperty("subscriptions").EnumerateArray());
        Assert.False(subscription.GetProperty("recovered").GetBoolean());
        Assert.Equal(5, subscription.GetProperty("seq").GetInt64());
    }

    [Fact]
    public async Task MissedLastChannelMessage_IsDeliveredByThePeriodicCheck()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var a = _nodes.Add("a", QuietHeartbeat, o => o.VerifyInterval = TimeSpan.FromSeconds(5), time);
        var b = _nodes.Add("b");
        var client = await a.ConnectAsync("p1");
        await b.PublishAsync("p1", 1);
        Assert.Equal([1L], await client.ReceiveSeqsAsync(1));

        await NodeSet.AppendWithoutNotificationAsync(b, "p1", 2);
        time.Advance(TimeSpan.FromSeconds(5));

        Assert.Equal([2L], await client.ReceiveSeqsAsync(1));
        Assert.Equal(0, a.Store.Statistics.Resets);
    }

    private static void QuietHeartbeat(ProjectSocketsOptions options)
    {
        // Fake time moves in steps here: no ping may reach the client in between.
        options.Heartbeat.Interval = TimeSpan.FromHours(1);
        options.Heartbeat.Timeout = TimeSpan.FromHours(2);
    }
}
