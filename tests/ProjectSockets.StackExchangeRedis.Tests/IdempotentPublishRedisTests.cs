using Microsoft.Extensions.DependencyInjection;
using ProjectSockets.StackExchangeRedis.Tests.Testing;
using StackExchange.Redis;
using Xunit.Abstractions;

namespace ProjectSockets.StackExchangeRedis.Tests;

/// <summary>Publish ids on Redis: one append per id across nodes, concurrent retries and a restarted Redis (with an append-only file).</summary>
public sealed class IdempotentPublishRedisTests(ITestOutputHelper output) : RedisServerPerTest(persistent: true, output)
{
    private static readonly PublishOptions s_key = new() { IdempotencyKey = "order-17" };

    [Fact]
    public async Task RetryArrivingAtAnotherNode_ReturnsTheFirstResult_AndEverySubscriberSeesTheEventOnce()
    {
        var (a, b) = (Nodes.Add("a"), Nodes.Add("b"));
        var onA = await a.ConnectAsync("p1");
        var onB = await b.ConnectAsync("p1");

        var first = await a.Publisher.PublishAsync("p1", "e", new { value = 1 }, s_key);
        var retry = await b.Publisher.PublishAsync("p1", "e", new { value = 1 }, s_key);
        await b.PublishAsync("p1", 2);

        Assert.False(first.Duplicate);
        Assert.True(retry.Duplicate);
        Assert.Equal((first.Seq, first.Epoch), (retry.Seq, retry.Epoch));
        Assert.Equal(0, retry.LocalSubscribers);
        Assert.Equal([1L, 2L], await onA.ReceiveSeqsAsync(2));
        Assert.Equal([1L, 2L], await onB.ReceiveSeqsAsync(2));
        var page = await b.Services.GetRequiredService<IProjectHistory>().ReadAsync("p1", new HistoryQuery());
        Assert.Equal([1L, 2L], page.Events.Select(e => e.Seq));
    }

    [Fact]
    public async Task ConcurrentDuplicatesOnTwoNodes_AppendOnce()
    {
        var nodes = new[] { Nodes.Add("a"), Nodes.Add("b") };
        using var start = new ManualResetEventSlim();

        var publishes = Enumerable.Range(0, 16).Select(i => Task.Run(async () =>
        {
            start.Wait();
            return await nodes[i % 2].Publisher.PublishAsync("p1", "e", i, new PublishOptions { IdempotencyKey = "k" });
        })).ToList();
        start.Set();
        var results = await Task.WhenAll(publishes).WaitAsync(TestClient.Timeout);

        Assert.Single(results, r => !r.Duplicate);
        Assert.All(results, r => Assert.Equal(1, r.Seq));
        var page = await nodes[0].Services.GetRequiredService<IProjectHistory>().ReadAsync("p1", new HistoryQuery());
        Assert.Single(page.Events);
    }

    [Fact]
    public async Task RedisRestartedWithinTheWindow_RetryReturnsTheFirstResult_AndPublishesNothing()
    {
        var (a, b) = (Nodes.Add("a"), Nodes.Add("b"));
        var first = await a.Publisher.PublishAsync("p1", "e", 1, s_key);

        await Server.KillAsync();
        await Server.RestartAsync();

        // As a publisher does: the same key again until Redis answers (the first try may meet the old socket).
        PublishResult retry;
        for (var attempt = 1; ; attempt++)
        {
            await b.WaitConnectedAsync();
            try
            {
                retry = await b.Publisher.PublishAsync("p1", "e", 1, s_key);
                break;
            }
            catch (RedisConnectionException) when (attempt < 20)
            {
                // Dropped again before the publish: wait for the next reconnection.
            }
        }

        var next = await b.PublishWhenConnectedAsync("p1", 2);

        Assert.True(retry.Duplicate);
        Assert.Equal((first.Seq, first.Epoch), (retry.Seq, retry.Epoch));
        Assert.Equal(2, next.Seq);
        Assert.Equal(first.Epoch, next.Epoch);
    }

    [Fact]
    public async Task PublishId_IsKeptForTheProjectsWindow_GlobalOrOfItsNamespace()
    {
        var node = Nodes.Add("a", o =>
        {
            o.Idempotency.Window = TimeSpan.FromMinutes(5);
            o.Namespaces.Add(new ProjectNamespaceOptions { Pattern = "audit:*", IdempotencyWindow = TimeSpan.FromSeconds(30) });
        });
        await node.Publisher.PublishAsync("p1", "e", 1, s_key);
        await node.Publisher.PublishAsync("audit:1", "e", 1, s_key);

        await using var admin = await RedisFixture.ConnectAdminAsync(Server.Configuration);
        var global = await admin.GetDatabase().KeyTimeToLiveAsync(Nodes.Idempotency("p1", "order-17"));
        var audit = await admin.GetDatabase().KeyTimeToLiveAsync(Nodes.Idempotency("audit:1", "order-17"));

        Assert.InRange(global!.Value, TimeSpan.FromMinutes(4), TimeSpan.FromMinutes(5));
        Assert.InRange(audit!.Value, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(30));
    }

    [Fact]
    public async Task PublishIdRemovedFromRedis_PublishesAgain()
    {
        // What the end of the window does: the key expires, and the same id is a new publish.
        var node = Nodes.Add("a");
        await node.Publisher.PublishAsync("p1", "e", 1, s_key);
        await using (var admin = await RedisFixture.ConnectAdminAsync(Server.Configuration))
        {
            Assert.True(await admin.GetDatabase().KeyDeleteAsync(Nodes.Idempotency("p1", "order-17")));
        }

        var again = await node.Publisher.PublishAsync("p1", "e", 1, s_key);

        Assert.False(again.Duplicate);
        Assert.Equal(2, again.Seq);
    }
}
