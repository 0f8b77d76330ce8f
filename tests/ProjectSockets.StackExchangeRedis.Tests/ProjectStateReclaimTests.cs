using ProjectSockets.StackExchangeRedis.Tests.Testing;
using StackExchange.Redis;
using Xunit.Abstractions;

namespace ProjectSockets.StackExchangeRedis.Tests;

/// <summary>
/// A node keeps per-project state (a feed, a channel subscription) only while the project has local subscribers:
/// however many distinct projects were followed, the state returns to its baseline once they are left.
/// </summary>
public sealed class ProjectStateReclaimTests(RedisFixture redis, ITestOutputHelper output) : IClassFixture<RedisFixture>, IAsyncLifetime
{
    private const int Projects = 600;
    private NodeSet? _nodes;

    private NodeSet Nodes => _nodes!;

    public Task InitializeAsync()
    {
        _nodes = new NodeSet(() => redis.Configuration, output);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        if (_nodes is not null)
        {
            await _nodes.DisposeAsync();
        }
    }

    [Fact]
    public async Task ManyDistinctProjects_SubscribedAndLeft_FeedsAndChannelSubscriptionsReturnToBaseline()
    {
        // One client names every project: its command rate is raised so that the rate limit does not answer.
        var node = Nodes.Add("a", options => options.CommandRate.BurstLimit = 10 * Projects);
        var client = await node.ConnectAsync();
        var baseline = node.Store.FeedCount;
        var feeds = new List<ProjectFeed>();

        // In rounds below the subscription limit: subscribe to 100 new projects, then leave them all.
        for (var round = 0; round < Projects / 100; round++)
        {
            for (var i = 0; i < 100; i++)
            {
                var result = await client.InvokeAsync("subscribe", $"s{i}", $"p{round}-{i}");
                Assert.True(result.GetProperty("ok").GetBoolean(), result.GetRawText());
            }

            feeds.AddRange(node.Store.Feeds);
            Assert.Equal(baseline + 100, node.Store.FeedCount);
            for (var i = 0; i < 100; i++)
            {
                await client.InvokeAsync("unsubscribe", $"u{i}", $"p{round}-{i}");
            }
        }

        await Task.WhenAll(feeds.Select(feed => feed.Completion)).WaitAsync(TestClient.Timeout);

        Assert.Equal(baseline, node.Store.FeedCount);
        Assert.Empty(await ListenedChannelsAsync());
        var subscriber = (await node.Store.GetConnectionAsync()).GetSubscriber();
        Assert.All(Enumerable.Range(0, Projects), i =>
            Assert.Null(subscriber.SubscribedEndpoint(RedisChannel.Literal(Nodes.Channel($"p{i / 100}-{i % 100}")))));
    }

    [Fact]
    public async Task ManyDistinctRouteProjects_ConnectionsClosed_FeedsAndChannelSubscriptionsReturnToBaseline()
    {
        var node = Nodes.Add("a");
        var baseline = node.Store.FeedCount;
        var feeds = new List<ProjectFeed>();

        for (var round = 0; round < Projects / 100; round++)
        {
            var clients = new List<TestClient>();
            for (var i = 0; i < 100; i++)
            {
                clients.Add(await node.ConnectAsync($"r{round}-{i}"));
            }

            feeds.AddRange(node.Store.Feeds);
            await Task.WhenAll(clients.Select(c => c.CloseAsync()));
        }

        await Task.WhenAll(feeds.Select(feed => feed.Completion)).WaitAsync(TestClient.Timeout);

        Assert.Equal(baseline, node.Store.FeedCount);
        Assert.Empty(await ListenedChannelsAsync());
    }

    /// <summary>
    /// The project channels of this test's prefix that some connection to Redis listens to (not the node's control
    /// channels, which live as long as the node).
    /// </summary>
    private async Task<string[]> ListenedChannelsAsync()
        => [.. ((RedisResult[])(await redis.Database.ExecuteAsync("PUBSUB", "CHANNELS", Nodes.Prefix + "*"))!)
            .Select(channel => (string)channel!)
            .Where(channel => !channel.StartsWith(Nodes.Prefix + "control", StringComparison.Ordinal))];
}
