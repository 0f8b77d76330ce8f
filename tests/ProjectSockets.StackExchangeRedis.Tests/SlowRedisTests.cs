using System.Text.Json;
using Microsoft.Extensions.Time.Testing;
using ProjectSockets.StackExchangeRedis.Tests.Testing;
using StackExchange.Redis;
using Xunit.Abstractions;

namespace ProjectSockets.StackExchangeRedis.Tests;

/// <summary>
/// A node whose Redis answers late, or whose connection that listens to channels is not up yet: a proxy between the
/// node and a real redis-server holds Redis's replies. The node's StackExchange.Redis timeout is short (500 ms), so a
/// held reply times out there as a slow network would.
/// </summary>
public sealed class SlowRedisTests(RedisFixture redis, ITestOutputHelper output) : IClassFixture<RedisFixture>, IAsyncLifetime
{
    private readonly CapturingLoggerProvider _logs = new();
    private readonly string _prefix = RedisFixture.NewPrefix();
    private RedisReplyProxy? _proxy;
    private TestNode? _node;

    private RedisReplyProxy Proxy => _proxy!;

    public Task InitializeAsync()
    {
        _proxy = RedisReplyProxy.Start(redis.Server);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        _proxy?.Release();
        if (_node is not null)
        {
            await _node.DisposeAsync();
        }

        if (_proxy is not null)
        {
            await _proxy.DisposeAsync();
        }
    }

    [Fact]
    public async Task Subscribe_RedisAnswersAfterItsTimeout_ResultCarriesThePosition()
    {
        var node = await StartNodeAsync();
        var client = await node.ConnectAsync();
        var result = await SubscribeThroughASlowReplyAsync(client);

        // A slow Redis delays the answer; it does not turn it into a failure without the position.
        Assert.Equal("result", result.GetProperty("type").GetString());
        Assert.True(result.GetProperty("ok").GetBoolean(), result.GetRawText());
        var data = result.GetProperty("data");
        Assert.Equal("p1", data.GetProperty("project").GetString());
        Assert.Equal(0, data.GetProperty("seq").GetInt64());
        Assert.False(string.IsNullOrEmpty(data.GetProperty("epoch").GetString()));
        Assert.False(data.GetProperty("recovered").GetBoolean());
        await node.PublishAsync("p1", 1);
        Assert.Equal([1L], await client.ReceiveSeqsAsync(1));
    }

    [Fact]
    public async Task Subscribe_RedisAnswersAfterItsTimeout_LeavesNoListenerOnceTheSubscriberLeaves()
    {
        var node = await StartNodeAsync();
        var client = await node.ConnectAsync();
        Assert.True((await SubscribeThroughASlowReplyAsync(client)).GetProperty("ok").GetBoolean());
        var feeds = node.Store.Feeds;

        var left = await client.InvokeAsync("unsubscribe", "2", "p1");
        Assert.True(left.GetProperty("ok").GetBoolean());
        await Task.WhenAll(feeds.Select(feed => feed.Completion)).WaitAsync(TestClient.Timeout);

        // The subscription that timed out did not stay behind, listening and keeping every message in memory.
        Assert.Equal(0, node.Store.FeedCount);
        Assert.Equal(0, await SubscriberCountAsync("p1"));
        var subscriber = (await node.Store.GetConnectionAsync()).GetSubscriber();
        Assert.Null(subscriber.SubscribedEndpoint(RedisChannel.Literal(ChannelName("p1"))));
    }

    [Fact]
    public async Task Subscribe_RedisSilentPastTheCommandTimeout_FailsWithHandlerError_AndListensToNothing()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var node = await StartNodeAsync(time);
        var client = await node.ConnectAsync();
        Proxy.Hold();
        await client.SendAsync("""{"type":"command","command":"subscribe","id":"1","project":"p1"}""");
        await _logs.Logged("AttachSlow").WaitAsync(TestClient.Timeout);

        // Past the command timeout, the next StackExchange.Redis timeout ends the wait.
        time.Advance(TimeSpan.FromSeconds(5));
        var result = await client.ReceiveAsync("result");
        Proxy.Release();

        Assert.False(result.GetProperty("ok").GetBoolean());
        Assert.Equal("handler_error", result.GetProperty("error").GetProperty("code").GetString());
        await node.Store.FlushAsync("p1");
        foreach (var feed in node.Store.Feeds)
        {
            await feed.Completion.WaitAsync(TestClient.Timeout);
        }

        Assert.Equal(0, node.Store.FeedCount);
        var subscriber = (await node.Store.GetConnectionAsync()).GetSubscriber();
        Assert.Null(subscriber.SubscribedEndpoint(RedisChannel.Literal(ChannelName("p1"))));
    }

    [Fact]
    public async Task Subscribe_WhileOnlyTheListeningConnectionIsComingUp_WaitsForIt_ResultCarriesThePosition()
    {
        // What a node sees right after it starts, for a few milliseconds (longer on a busy machine): commands work,
        // the connection that listens to channels is not up yet. Here it stays down until the proxy lets it through.
        var node = await StartNodeAsync();
        var client = await node.ConnectAsync();
        var multiplexer = await node.Store.GetConnectionAsync();
        await WaitListeningAsync(multiplexer, up: true);
        Proxy.HoldNewConnections();
        var dropped = WaitListeningAsync(multiplexer, up: false);
        await redis.Database.ExecuteAsync("CLIENT", "KILL", "TYPE", "pubsub");
        await dropped;
        Assert.True(multiplexer.IsConnected);

        await client.SendAsync("""{"type":"command","command":"subscribe","id":"1","project":"p1"}""");
        var answer = client.ReceiveAsync();
        await Task.WhenAny(answer, _logs.Logged("AttachWaitsForListening")).WaitAsync(TestClient.Timeout);
        Proxy.Release();
        var result = await answer.WaitAsync(TestClient.Timeout);

        Assert.True(result.GetProperty("ok").GetBoolean(), result.GetRawText());
        var data = result.GetProperty("data");
        Assert.Equal("p1", data.GetProperty("project").GetString());
        Assert.Equal(0, data.GetProperty("seq").GetInt64());
        Assert.False(data.GetProperty("recovered").GetBoolean());
        await node.PublishAsync("p1", 1);
        Assert.Equal([1L], await client.ReceiveSeqsAsync(1));
    }

    /// <summary>Waits until the node's connection that listens to channels is up (or down), by its connection events.</summary>

    /// <summary>Subscribes to p1 while Redis holds its replies until the node reports the attach as slow.</summary>
    private async Task<System.Text.Json.JsonElement> SubscribeThroughASlowReplyAsync(TestClient client)
    {
        Proxy.Hold();
        await client.SendAsync("""{"type":"command","command":"subscribe","id":"1","project":"p1"}""");
        var answer = client.ReceiveAsync();
        await Task.WhenAny(answer, _logs.Logged("AttachSlow")).WaitAsync(TestClient.Timeout);
        Proxy.Release();
        return await answer.WaitAsync(TestClient.Timeout);
    }
    private static async Task WaitListeningAsync(IConnectionMultiplexer multiplexer, bool up)
    {
        var subscriber = multiplexer.GetSubscriber();
        var changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        void OnChanged(object? sender, ConnectionFailedEventArgs e)
        {
            if (e.ConnectionType == ConnectionType.Subscription && subscriber.IsConnected() == up)
            {
                changed.TrySetResult();
            }
        }

        multiplexer.ConnectionRestored += OnChanged;
        multiplexer.ConnectionFailed += OnChanged;
        try
        {
            if (subscriber.IsConnected() != up)
            {
                await changed.Task.WaitAsync(TestClient.Timeout);
            }
        }
        finally
        {
            multiplexer.ConnectionRestored -= OnChanged;
            multiplexer.ConnectionFailed -= OnChanged;
        }
    }

    private async Task<TestNode> StartNodeAsync(TimeProvider? time = null)
    {
        _node = new TestNode(
            Proxy.Configuration,
            _prefix,
            output,
            configure: options => options.CommandTimeout = TimeSpan.FromSeconds(5),
            redis: options => options.Configuration.AsyncTimeout = 500,
            timeProvider: time,
            name: "slow",
            logs: _logs);

        // Connected before the replies are held: the node is slow, not unreachable.
        await _node.PublishAsync("warm-up", 1);
        return _node;
    }

    private string ChannelName(string project) => $"{_prefix}{{{project}}}:events";

    private async Task<long> SubscriberCountAsync(string project)
    {
        var reply = (RedisResult[])(await redis.Database.ExecuteAsync("PUBSUB", "NUMSUB", ChannelName(project)))!;
        return (long)reply[1];
    }
}
