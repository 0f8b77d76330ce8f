using Microsoft.Extensions.Time.Testing;
using ProjectSockets.StackExchangeRedis.Tests.Testing;
using StackExchange.Redis;
using Xunit.Abstractions;

namespace ProjectSockets.StackExchangeRedis.Tests;

/// <summary>Two or three nodes sharing one redis-server, each with its own manager and in-memory clients.</summary>
public sealed class RedisProjectEventStoreTests(RedisFixture redis, ITestOutputHelper output) : IClassFixture<RedisFixture>, IAsyncLifetime
{
    private readonly NodeSet _nodes = new(() => redis.Configuration, output);

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _nodes.DisposeAsync();

    [Fact]
    public async Task Publish_OnOtherNode_ReachesSubscriberInOrderWithDenseSeq()
    {
        var (a, b) = (Node("a"), Node("b"));
        var client = await a.ConnectAsync("p1");

        for (var i = 0; i < 50; i++)
        {
            var published = await b.PublishAsync("p1", i);
            Assert.Equal(i + 1, published.Seq);
        }

        var seqs = await client.ReceiveSeqsAsync(50);
        Assert.Equal(Enumerable.Range(1, 50).Select(i => (long)i), seqs);
    }

    [Fact]
    public async Task Publish_ConcurrentlyFromTwoNodes_EverySubscriberSeesOneDenseOrderedSequence()
    {
        var (a, b) = (Node("a"), Node("b"));
        var onA = await a.ConnectAsync("p1");
        var onB = await b.ConnectAsync("p1");

        var results = await Task.WhenAll(Enumerable.Range(0, 200).Select(i => ((i % 2 == 0 ? a : b).PublishAsync("p1", i)).AsTask()));

        Assert.Equal(Enumerable.Range(1, 200).Select(i => (long)i), results.Select(r => r.Seq).Order());
        Assert.Single(results.Select(r => r.Epoch).Distinct());
        Assert.Equal(Enumerable.Range(1, 200).Select(i => (long)i), await onA.ReceiveSeqsAsync(200));
        Assert.Equal(Enumerable.Range(1, 200).Select(i => (long)i), await onB.ReceiveSeqsAsync(200));
    }

    [Fact]
    public async Task Resume_OnOtherNode_ReplaysWhatWasMissed()
    {
        var (a, b) = (Node("a"), Node("b"));
        var client = await a.ConnectAsync("p1");
        await b.PublishAsync("p1", 1);
        await b.PublishAsync("p1", 2);
        var seen = await client.ReceiveAsync("event");
        await client.ReceiveAsync("event");
        var epoch = seen.GetProperty("epoch").GetString();
        await client.CloseAsync();
        await a.PublishAsync("p1", 3);
        await a.PublishAsync("p1", 4);

        var resumed = await b.ConnectAsync("p1", $"since=2&epoch={epoch}");
        await b.PublishAsync("p1", 5);

        var subscription = Assert.Single(resumed.Welcome.GetProperty("subscriptions").EnumerateArray());
        Assert.True(subscription.GetProperty("recovered").GetBoolean());
        Assert.Equal(4, subscription.GetProperty("seq").GetInt64());
        Assert.Equal(epoch, subscription.GetProperty("epoch").GetString());
        Assert.Equal([3L, 4L, 5L], await resumed.ReceiveSeqsAsync(3));
    }

    [Fact]
    public async Task Resume_AfterHistoryTrimmedByCount_IsNotRecovered()
    {
        var a = Node("a", configure: o => o.History.MaxEvents = 3);
        var published = await a.PublishAsync("p1", 1);
        for (var i = 2; i <= 6; i++)
        {
            await a.PublishAsync("p1", i);
        }

        var tooOld = await a.ConnectAsync("p1", $"since=2&epoch={published.Epoch}");
        var inHistory = await a.ConnectAsync("p1", $"since=3&epoch={published.Epoch}");

        var lost = Assert.Single(tooOld.Welcome.GetProperty("subscriptions").EnumerateArray());
        Assert.False(lost.GetProperty("recovered").GetBoolean());
        Assert.Equal(6, lost.GetProperty("seq").GetInt64());
        var kept = Assert.Single(inHistory.Welcome.GetProperty("subscriptions").EnumerateArray());
        Assert.True(kept.GetProperty("recovered").GetBoolean());
        Assert.Equal([4L, 5L, 6L], await inHistory.ReceiveSeqsAsync(3));
        Assert.Equal(3, await redis.Database.ListLengthAsync(History("p1")));
    }

    [Fact]
    public async Task History_IsBoundedByBytes_LikeTheInMemoryStore()
    {
        // Each stored entry here is "seq|unixMs|tick|{\"value\":n}": about 33 bytes, so ten of them are over 256.
        var a = Node("a", configure: o =>
        {
            o.History.MaxBytes = 256;
            o.MaxEventBytes = 256;
        });
        for (var i = 1; i <= 10; i++)
        {
            await a.PublishAsync("p1", i);
        }

        var entries = await redis.Database.ListRangeAsync(History("p1"));
        var bytes = (long)await redis.Database.HashGetAsync(Meta("p1"), "bytes");

        Assert.Equal(entries.Sum(e => ((byte[])e!).Length), bytes);
        Assert.InRange(bytes, 1, 256);
        Assert.InRange(entries.Length, 1, 9);
        Assert.StartsWith("10|", entries[^1].ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task History_IsBoundedByAge_UsingTheNodesTime()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var a = _nodes.Add("a", o =>
        {
            o.History.MaxAge = TimeSpan.FromMinutes(1);
            o.Heartbeat.Interval = TimeSpan.FromHours(1);
            o.Heartbeat.Timeout = TimeSpan.FromHours(2);
        }, timeProvider: time);
        var first = await a.PublishAsync("p1", 1);
        await a.PublishAsync("p1", 2);
        time.Advance(TimeSpan.FromMinutes(2));
        await a.PublishAsync("p1", 3);

        var aged = await a.ConnectAsync("p1", $"since=1&epoch={first.Epoch}");
        var kept = await a.ConnectAsync("p1", $"since=2&epoch={first.Epoch}");

        Assert.False(aged.Welcome.GetProperty("subscriptions")[0].GetProperty("recovered").GetBoolean());
        Assert.True(kept.Welcome.GetProperty("subscriptions")[0].GetProperty("recovered").GetBoolean());
        Assert.Equal([3L], await kept.ReceiveSeqsAsync(1));
        Assert.Equal(1, await redis.Database.ListLengthAsync(History("p1")));
    }

    [Fact]
    public async Task Subscribe_DuringLiveStream_GetsResultReplayThenNewerEventsWithoutGapOrDuplicate()
    {
        var (a, b) = (Node("a"), Node("b"));
        var first = await a.ConnectAsync("p1");
        var publishing = Task.Run(async () =>
        {
            for (var i = 0; i < 300; i++)
            {
                await b.PublishAsync("p1", i);
            }
        });
        var firstSeqs = await first.ReceiveSeqsAsync(20);
        var epoch = (await redis.Database.HashGetAsync(Meta("p1"), "epoch")).ToString();
        var second = await a.ConnectAsync();

        var result = await second.InvokeAsync("subscribe", "1", "p1", $$"""{"since":10,"epoch":"{{epoch}}"}""");
        await publishing;

        var data = result.GetProperty("data");
        Assert.True(data.GetProperty("recovered").GetBoolean());
        var position = data.GetProperty("seq").GetInt64();
        var secondSeqs = await second.ReceiveSeqsAsync(300 - 10);
        Assert.Equal(Enumerable.Range(11, 290).Select(i => (long)i), secondSeqs);
        Assert.True(position >= 20, $"The subscription took effect at {position}, before events the node had delivered.");
        Assert.Equal(Enumerable.Range(1, 20).Select(i => (long)i), firstSeqs);
        Assert.Equal(Enumerable.Range(21, 280).Select(i => (long)i), await first.ReceiveSeqsAsync(280));
    }

    [Fact]
    public async Task Publish_OnNodeWithLocalSubscriber_CountsIt()
    {
        var a = Node("a");
        var client = await a.ConnectAsync("p1");

        var published = await a.PublishAsync("p1", 1);

        Assert.Equal(1, published.LocalSubscribers);
        Assert.Equal(1, (await client.ReceiveAsync("event")).GetProperty("seq").GetInt64());
    }

    [Fact]
    public async Task Projects_DifferingOnlyInCase_NeverShareSequenceHistoryOrEvents()
    {
        var (a, b) = (Node("a"), Node("b"));
        var upper = await a.ConnectAsync("Proj");
        var lower = await a.ConnectAsync("proj");

        await b.PublishAsync("Proj", 1);
        await b.PublishAsync("Proj", 2);
        var onlyLower = await b.PublishAsync("proj", 3);

        Assert.Equal(1, onlyLower.Seq);
        Assert.Equal([1L, 2L], await upper.ReceiveSeqsAsync(2));
        var message = await lower.ReceiveAsync("event");
        Assert.Equal("proj", message.GetProperty("project").GetString());
        Assert.Equal(3, message.GetProperty("data").GetProperty("value").GetInt32());
        Assert.Equal(2, await redis.Database.ListLengthAsync(History("Proj")));
        Assert.Equal(1, await redis.Database.ListLengthAsync(History("proj")));
    }

    [Fact]
    public async Task Node_ListensOnlyToProjectsWithLocalSubscribers()
    {
        var (a, b) = (Node("a"), Node("b"));
        var channel = _nodes.Channel("p1");
        var onA = await a.ConnectAsync("p1");
        await b.PublishAsync("p1", 1);
        Assert.Equal(1, await Listeners(channel));

        var onB = await b.ConnectAsync("p1");
        Assert.Equal(2, await Listeners(channel));

        await onA.CloseAsync();
        await a.Store.FlushAsync("p1");
        Assert.Equal(1, await Listeners(channel));

        await onB.CloseAsync();
        await b.Store.FlushAsync("p1");
        Assert.Equal(0, await Listeners(channel));
        var channels = (RedisResult[])(await redis.Database.ExecuteAsync("PUBSUB", "CHANNELS", $"{_nodes.Prefix}*"))!;

        // Only the nodes' control channels, which live as long as the nodes, are left.
        Assert.All(channels, c => Assert.StartsWith($"{_nodes.Prefix}control", (string)c!, StringComparison.Ordinal));
    }

    private async Task<long> Listeners(string channel)
    {
        var reply = (RedisResult[])(await redis.Database.ExecuteAsync("PUBSUB", "NUMSUB", channel))!;
        return (long)reply[1];
    }

    private RedisKey History(string project) => _nodes.History(project);

    private RedisKey Meta(string project) => _nodes.Meta(project);

    private TestNode Node(string name, Action<ProjectSocketsOptions>? configure = null) => _nodes.Add(name, configure);
}
