using ProjectSockets.StackExchangeRedis.Tests.Testing;
using StackExchange.Redis;
using Xunit.Abstractions;

namespace ProjectSockets.StackExchangeRedis.Tests;

/// <summary>
/// An event that lands while a subscriber attaches: after the node listens to the channel but before it reads the
/// project's position, or after that read but before the subscriber is registered. Whichever node publishes it,
/// whether it is the project's first event, and whether the node already delivers the project, every subscriber
/// gets each event once, in order, starting right after its welcome.
/// </summary>
public sealed class AttachRaceTests(RedisFixture redis, ITestOutputHelper output) : IClassFixture<RedisFixture>, IAsyncLifetime
{
    private readonly NodeSet _nodes = new(() => redis.Configuration, output);
    private IConnectionMultiplexer? _connection;

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        await _nodes.DisposeAsync();
        if (_connection is not null)
        {
            await _connection.DisposeAsync();
        }
    }

    [Theory]
    [InlineData(true, false, false)]
    [InlineData(true, true, false)]
    [InlineData(true, false, true)]
    [InlineData(true, true, true)]
    [InlineData(false, false, false)]
    [InlineData(false, true, false)]
    [InlineData(false, false, true)]
    [InlineData(false, true, true)]
    public async Task FirstEvent_LandingWhileSubscriberAttaches_IsSeenOnceByEverySubscriber(bool beforeRead, bool publishedByAttachingNode, bool nodeAlreadyDelivers)
    {
        var (a, control) = await InterceptedNodeAsync("a");
        var b = _nodes.Add("b");
        var existing = nodeAlreadyDelivers ? await a.ConnectAsync("p1") : null;
        var publisher = publishedByAttachingNode ? a : b;
        var raced = Race(control, beforeRead, () => publisher.PublishAsync("p1", 1).AsTask());

        var client = await a.ConnectAsync("p1");
        var first = await raced;
        await b.PublishAsync("p1", 2);

        Assert.Equal(1, first.Seq);
        Assert.Equal(beforeRead ? 1 : 0, WelcomeSeq(client));
        Assert.Equal(first.Epoch, Welcome(client).GetProperty("epoch").GetString());
        Assert.Equal(beforeRead ? [2L] : [1L, 2L], await client.ReceiveSeqsAsync(beforeRead ? 1 : 2));
        if (existing is not null)
        {
            Assert.Equal(0, WelcomeSeq(existing));
            Assert.Equal([1L, 2L], await existing.ReceiveSeqsAsync(2));
        }

        await AssertNothingMoreAsync(b, client, existing, next: 3);
        Assert.Equal(0, a.Store.Statistics.Resets);

        // Not even found late as a gap: the node listened before it read.
        Assert.Equal(0, a.Store.Statistics.GapsDetected);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task NewEpochCreatedByAppend_WhileAttachReads_ResetsOldSubscribersAndStartsTheNewOneInThatEpoch(bool beforeRead)
    {
        var (a, control) = await InterceptedNodeAsync("a");
        var b = _nodes.Add("b");
        var old = await a.ConnectAsync("p1");
        var lost = await b.PublishAsync("p1", 1);
        Assert.Equal([1L], await old.ReceiveSeqsAsync(1));

        // The project's keys are gone (expiry, a flush): whichever script runs next creates the new epoch.
        await redis.Database.KeyDeleteAsync([_nodes.Meta("p1"), _nodes.History("p1")]);
        var raced = Race(control, beforeRead, () => b.PublishAsync("p1", 2).AsTask());
        var client = await a.ConnectAsync("p1");
        var first = await raced;
        await b.PublishAsync("p1", 3);

        Assert.Equal(1, first.Seq);
        Assert.NotEqual(lost.Epoch, first.Epoch);
        Assert.Equal(first.Epoch, Welcome(client).GetProperty("epoch").GetString());
        Assert.Equal(beforeRead ? 1 : 0, WelcomeSeq(client));
        var received = await client.ReceiveSeqsAsync(beforeRead ? 1 : 2);
        Assert.Equal(beforeRead ? [2L] : [1L, 2L], received);

        var (messages, closeCode) = await old.ReceiveUntilClosedAsync();
        Assert.Equal(4001, closeCode);
        Assert.DoesNotContain(messages, m => m.GetProperty("type").GetString() == "event");
        await AssertNothingMoreAsync(b, client, existing: null, next: 3);
    }

    private static Task<PublishResult> Race(InterceptingMultiplexer control, bool beforeRead, Func<Task<PublishResult>> publish)
    {
        var done = new TaskCompletionSource<PublishResult>(TaskCreationOptions.RunContinuationsAsynchronously);
        Func<Task> step = async () => done.SetResult(await publish());
        if (beforeRead)
        {
            control.BeforeNextRead(step);
        }
        else
        {
            control.AfterNextRead(step);
        }

        return done.Task.WaitAsync(TestClient.Timeout);
    }

    /// <summary>Publishes one more event: it must be the next one each client receives (nothing twice, nothing late).</summary>
    private static async Task AssertNothingMoreAsync(TestNode publisher, TestClient client, TestClient? existing, long next)
    {
        var last = await publisher.PublishAsync("p1", (int)next);
        Assert.Equal([last.Seq], await client.ReceiveSeqsAsync(1));
        if (existing is not null)
        {
            Assert.Equal([last.Seq], await existing.ReceiveSeqsAsync(1));
        }
    }

    private static System.Text.Json.JsonElement Welcome(TestClient client) => client.Welcome.GetProperty("subscriptions")[0];

    private static long WelcomeSeq(TestClient client) => Welcome(client).GetProperty("seq").GetInt64();

    private async Task<(TestNode Node, InterceptingMultiplexer Control)> InterceptedNodeAsync(string name)
    {
        var options = ConfigurationOptions.Parse(redis.Configuration);
        options.AbortOnConnectFail = false;
        options.ClientName = name;
        _connection = await ConnectionMultiplexer.ConnectAsync(options);
        var (connection, control) = InterceptingMultiplexer.Wrap(_connection);
        return (_nodes.Add(name, redis: o => o.ConnectionFactory = _ => connection), control);
    }
}
