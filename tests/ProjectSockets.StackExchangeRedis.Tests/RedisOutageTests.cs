using ProjectSockets.StackExchangeRedis.Tests.Testing;
using StackExchange.Redis;
using Xunit.Abstractions;

namespace ProjectSockets.StackExchangeRedis.Tests;

/// <summary>Redis killed, restarted, flushed, or its connections dropped: each test has a redis-server of its own.</summary>
public sealed class RedisOutageTests(ITestOutputHelper output) : RedisServerPerTest(persistent: false, output)
{
    [Fact]
    public async Task RedisKilledAndRestarted_PublishThrowsWhileDown_ClientsStay_ThenResumeInNewEpoch()
    {
        var (a, b) = (Nodes.Add("a"), Nodes.Add("b"));
        var client = await a.ConnectAsync("p1");
        await b.PublishAsync("p1", 1);
        var before = await b.PublishAsync("p1", 2);
        Assert.Equal([1L, 2L], await client.ReceiveSeqsAsync(2));

        await Server.KillAsync();
        await b.WaitDisconnectedAsync();
        await Assert.ThrowsAsync<RedisConnectionException>(async () => await b.PublishAsync("p1", 3));
        await client.SendAsync("""{"type":"ping"}""");
        Assert.Equal("pong", (await client.ReceiveAsync()).GetProperty("type").GetString());
        var subscribeWhileDown = await client.InvokeAsync("subscribe", "1", "p2");
        Assert.Equal("handler_error", subscribeWhileDown.GetProperty("error").GetProperty("code").GetString());

        await Server.RestartAsync();
        var after = await b.PublishWhenConnectedAsync("p1", 4);
        var (messages, closeCode) = await client.ReceiveUntilClosedAsync();

        // Without persistence the restart lost history: a new epoch, and the old stream ends with 4001.
        Assert.Equal(1, after.Seq);
        Assert.NotEqual(before.Epoch, after.Epoch);
        Assert.Equal(4001, closeCode);
        Assert.DoesNotContain(messages, m => m.GetProperty("type").GetString() == "event");
        var resumed = await a.ConnectAsync("p1", $"since=2&epoch={before.Epoch}");
        var subscription = Assert.Single(resumed.Welcome.GetProperty("subscriptions").EnumerateArray());
        Assert.False(subscription.GetProperty("recovered").GetBoolean());
        Assert.Equal(after.Epoch, subscription.GetProperty("epoch").GetString());
        await b.PublishAsync("p1", 5);
        Assert.Equal([2L], await resumed.ReceiveSeqsAsync(1));
    }

    [Fact]
    public async Task FlushAll_StartsANewEpoch_SubscribersAreResetAndResumeIsNotRecovered()
    {
        var (a, b) = (Nodes.Add("a"), Nodes.Add("b"));
        var client = await a.ConnectAsync("p1");
        var before = await b.PublishAsync("p1", 1);
        Assert.Equal([1L], await client.ReceiveSeqsAsync(1));

        await using (var admin = await RedisFixture.ConnectAdminAsync(Server.Configuration))
        {
            await admin.GetServers()[0].FlushAllDatabasesAsync();
        }

        var after = await b.PublishAsync("p1", 2);
        var (messages, closeCode) = await client.ReceiveUntilClosedAsync();

        Assert.Equal(1, after.Seq);
        Assert.NotEqual(before.Epoch, after.Epoch);
        Assert.Equal(4001, closeCode);
        Assert.DoesNotContain(messages, m => m.GetProperty("type").GetString() == "event");
        var resumed = await b.ConnectAsync("p1", $"since=1&epoch={before.Epoch}");
        var subscription = Assert.Single(resumed.Welcome.GetProperty("subscriptions").EnumerateArray());
        Assert.False(subscription.GetProperty("recovered").GetBoolean());
        Assert.Equal(1, subscription.GetProperty("seq").GetInt64());
    }

    [Fact]
    public async Task ConnectionDropped_WithoutDataLoss_DeliveryContinuesWholeAndInOrder()
    {
        var (a, b) = (Nodes.Add("a"), Nodes.Add("b"));
        var client = await a.ConnectAsync("p1");
        await b.PublishAsync("p1", 1);
        Assert.Equal([1L], await client.ReceiveSeqsAsync(1));

        var restored = await a.WatchNextRestoreAsync();
        await using (var admin = await RedisFixture.ConnectAdminAsync(Server.Configuration))
        {
            await admin.GetServers()[0].ExecuteAsync("CLIENT", "KILL", "SKIPME", "yes", "TYPE", "normal");
            await admin.GetServers()[0].ExecuteAsync("CLIENT", "KILL", "SKIPME", "yes", "TYPE", "pubsub");
        }

        // Whatever b publishes while a reconnects reaches a's client: by the channel, or from history.
        var published = new List<long>();
        for (var value = 2; published.Count < 20; value++)
        {
            try
            {
                published.Add((await b.PublishAsync("p1", value)).Seq);
            }
            catch (RedisConnectionException)
            {
                await b.WaitConnectedAsync();
            }

            Assert.True(value < 1000, "Publishing never recovered.");
        }

        await restored;
        Assert.Equal(published, await client.ReceiveSeqsAsync(published.Count));
        Assert.Equal(0, a.Store.Statistics.Resets);
    }
}
