using Microsoft.Extensions.DependencyInjection;
using ProjectSockets.StackExchangeRedis.Tests.Testing;
using Xunit.Abstractions;

namespace ProjectSockets.StackExchangeRedis.Tests;

/// <summary>The history API on Redis follows the same rules as in memory, from every node.</summary>
public sealed class RedisHistoryReadTests(ITestOutputHelper output) : RedisServerPerTest(persistent: false, output)
{
    [Fact]
    public async Task Read_FromAnotherNode_LastNAndSince()
    {
        var (a, b) = (Nodes.Add("a"), Nodes.Add("b"));
        PublishResult last = default;
        for (var i = 1; i <= 10; i++)
        {
            last = await a.PublishAsync("p1", i);
        }

        var history = b.Services.GetRequiredService<IProjectHistory>();
        var newest = await history.ReadAsync("p1", new HistoryQuery(Limit: 3));
        var since = await history.ReadAsync("p1", new HistoryQuery(4, last.Epoch, 3));
        var atEnd = await history.ReadAsync("p1", new HistoryQuery(Since: 10));

        Assert.Equal([8L, 9L, 10L], newest.Events.Select(e => e.Seq));
        Assert.True(newest.Complete);
        Assert.Equal([5L, 6L, 7L], since.Events.Select(e => e.Seq));
        Assert.True(since.Complete);
        Assert.True(since.HasMore);
        Assert.Equal(last.Epoch, since.Epoch);
        Assert.Equal("""{"value":5}""", System.Text.Json.JsonDocument.Parse(since.Events[0].Message).RootElement.GetProperty("data").GetRawText());
        Assert.True(atEnd.Complete);
        Assert.Empty(atEnd.Events);
    }

    [Fact]
    public async Task Read_TrimmedOrOtherEpoch_IsIncomplete_AndNamespaceBoundsApply()
    {
        var node = Nodes.Add("a", o => o.Namespaces.Add(new ProjectNamespaceOptions { Pattern = "audit:*", HistoryMaxEvents = 3 }));
        for (var i = 1; i <= 6; i++)
        {
            await node.PublishAsync("audit:1", i);
            await node.PublishAsync("p1", i);
        }

        var history = node.Services.GetRequiredService<IProjectHistory>();
        var trimmed = await history.ReadAsync("audit:1", new HistoryQuery(Since: 1));
        var tooMany = await history.ReadAsync("audit:1", new HistoryQuery(Limit: 4));
        var otherEpoch = await history.ReadAsync("p1", new HistoryQuery(2, "gone", 2));
        var beyond = await history.ReadAsync("p1", new HistoryQuery(Since: 7));
        var whole = await history.ReadAsync("p1", new HistoryQuery());

        Assert.False(trimmed.Complete);
        Assert.Equal([4L, 5L, 6L], trimmed.Events.Select(e => e.Seq));
        Assert.False(tooMany.Complete);
        Assert.False(otherEpoch.Complete);
        Assert.Equal([1L, 2L], otherEpoch.Events.Select(e => e.Seq));
        Assert.False(beyond.Complete);
        Assert.Equal(6, whole.Events.Count);
        Assert.True(whole.Complete);
    }
}
