using ProjectSockets.Tests.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace ProjectSockets.Tests.Events;

public sealed class IdempotentPublishTests
{
    private static readonly PublishOptions s_key = new() { IdempotencyKey = "order-17" };

    [Fact]
    public async Task Publish_SameKeyWithinWindow_ReturnsFirstResult_AndStoresAndDeliversNothing()
    {
        await using var server = new TestServer();
        var client = await server.ConnectAsync("p1");

        var first = await server.Publisher.PublishAsync("p1", "e", 1, s_key);
        var retry = await server.Publisher.PublishAsync("p1", "e", 2, s_key);
        await server.Publisher.PublishAsync("p1", "after", 3);

        Assert.False(first.Duplicate);
        Assert.True(retry.Duplicate);
        Assert.Equal((first.Seq, first.Epoch, 0), (retry.Seq, retry.Epoch, retry.LocalSubscribers));
        var received = await client.ReceiveSeqsAsync(2);
        Assert.Equal([1L, 2L], received);
        var history = await server.Services.GetRequiredService<IProjectHistory>().ReadAsync("p1", new HistoryQuery());
        Assert.Equal(["e", "after"], history.Events.Select(e => e.EventName));
    }

    [Fact]
    public async Task Publish_SameKeyAfterWindow_PublishesAgain()
    {
        await using var server = new TestServer(o => o.Idempotency.Window = TimeSpan.FromSeconds(10));

        var first = await server.Publisher.PublishAsync("p1", "e", 1, s_key);
        server.Time.Advance(TimeSpan.FromSeconds(9));
        var within = await server.Publisher.PublishAsync("p1", "e", 1, s_key);
        server.Time.Advance(TimeSpan.FromSeconds(1));
        var after = await server.Publisher.PublishAsync("p1", "e", 1, s_key);

        Assert.Equal(first.Seq, within.Seq);
        Assert.True(within.Duplicate);
        Assert.Equal(2, after.Seq);
        Assert.False(after.Duplicate);
    }

    [Fact]
    public async Task Publish_SameKeyInAnotherProject_IsAnotherPublish()
    {
        await using var server = new TestServer();

        var a = await server.Publisher.PublishAsync("a", "e", 1, s_key);
        var b = await server.Publisher.PublishAsync("b", "e", 1, s_key);

        Assert.False(a.Duplicate);
        Assert.False(b.Duplicate);
    }

    [Fact]
    public async Task Publish_ConcurrentDuplicates_AppendOnce()
    {
        await using var server = new TestServer();
        using var start = new ManualResetEventSlim();

        var publishes = Enumerable.Range(0, 16).Select(i => Task.Run(async () =>
        {
            start.Wait();
            return await server.Publisher.PublishAsync("p1", "e", i, new PublishOptions { IdempotencyKey = "k" });
        })).ToList();
        start.Set();
        var results = await Task.WhenAll(publishes).WaitAsync(TestClient.Timeout);

        Assert.Single(results, r => !r.Duplicate);
        Assert.All(results, r => Assert.Equal(1, r.Seq));
        var history = await server.Services.GetRequiredService<IProjectHistory>().ReadAsync("p1", new HistoryQuery());
        Assert.Single(history.Events);
    }

    [Theory]
    [InlineData("")]
    [InlineData("has space")]
    [InlineData("caf\u00e9")]
    [InlineData("tab\t")]
    public async Task Publish_WithBadKey_ThrowsNamingOptions_AndPublishesNothing(string key)
    {
        await using var server = new TestServer();

        var error = await Assert.ThrowsAsync<ArgumentException>(async () => await server.Publisher.PublishAsync("p1", "e", 1, new PublishOptions { IdempotencyKey = key }));

        Assert.Equal("options", error.ParamName);
        Assert.Equal(0, (await server.Services.GetRequiredService<IProjectHistory>().ReadAsync("p1", new HistoryQuery())).Seq);
    }

    [Fact]
    public async Task Publish_WithKeyLongerThan128_Throws()
    {
        await using var server = new TestServer();

        await Assert.ThrowsAsync<ArgumentException>(async () => await server.Publisher.PublishAsync("p1", "e", 1, new PublishOptions { IdempotencyKey = new string('k', 129) }));
        var ok = await server.Publisher.PublishAsync("p1", "e", 1, new PublishOptions { IdempotencyKey = new string('k', 128) });
        Assert.Equal(1, ok.Seq);
    }

    [Fact]
    public async Task Publish_InNamespace_UsesItsWindow()
    {
        await using var server = new TestServer(o =>
        {
            o.Idempotency.Window = TimeSpan.FromMinutes(5);
            o.Namespaces.Add(new ProjectNamespaceOptions { Pattern = "audit:*", IdempotencyWindow = TimeSpan.FromSeconds(2) });
        });

        await server.Publisher.PublishAsync("audit:1", "e", 1, s_key);
        await server.Publisher.PublishAsync("p1", "e", 1, s_key);
        server.Time.Advance(TimeSpan.FromSeconds(3));
        var audit = await server.Publisher.PublishAsync("audit:1", "e", 1, s_key);
        var other = await server.Publisher.PublishAsync("p1", "e", 1, s_key);

        Assert.False(audit.Duplicate);
        Assert.True(other.Duplicate);
    }

    [Fact]
    public async Task Publish_BeyondMaxKeysPerProject_ForgetsTheOldestKey()
    {
        await using var server = new TestServer(o => o.Idempotency.MaxKeysPerProject = 2);

        await server.Publisher.PublishAsync("p1", "e", 1, new PublishOptions { IdempotencyKey = "a" });
        await server.Publisher.PublishAsync("p1", "e", 1, new PublishOptions { IdempotencyKey = "b" });
        await server.Publisher.PublishAsync("p1", "e", 1, new PublishOptions { IdempotencyKey = "c" });
        var b = await server.Publisher.PublishAsync("p1", "e", 1, new PublishOptions { IdempotencyKey = "b" });
        var a = await server.Publisher.PublishAsync("p1", "e", 1, new PublishOptions { IdempotencyKey = "a" });

        Assert.True(b.Duplicate);
        Assert.False(a.Duplicate);
    }
}
