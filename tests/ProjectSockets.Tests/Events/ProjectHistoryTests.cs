using ProjectSockets.Tests.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace ProjectSockets.Tests.Events;

public sealed class ProjectHistoryTests
{
    [Fact]
    public async Task Read_LastN_ReturnsTheNewestOldestFirst_Complete()
    {
        await using var server = new TestServer();
        await PublishAsync(server, "p1", 10);

        var page = await History(server).ReadAsync("p1", new HistoryQuery(Limit: 3));

        Assert.Equal([8L, 9L, 10L], page.Events.Select(e => e.Seq));
        Assert.True(page.Complete);
        Assert.False(page.HasMore);
        Assert.Equal(10, page.Seq);
    }

    [Fact]
    public async Task Read_Since_ReturnsTheFollowingEvents_AndSaysWhenThereIsMore()
    {
        await using var server = new TestServer();
        var last = await PublishAsync(server, "p1", 10);

        var page = await History(server).ReadAsync("p1", new HistoryQuery(4, last.Epoch, 3));

        Assert.Equal([5L, 6L, 7L], page.Events.Select(e => e.Seq));
        Assert.True(page.Complete);
        Assert.True(page.HasMore);
    }

    [Fact]
    public async Task Read_SinceBeforeTheOldestKept_IsIncomplete_AndReturnsFromTheOldest()
    {
        await using var server = new TestServer(o => o.History.MaxEvents = 4);
        await PublishAsync(server, "p1", 10);

        var page = await History(server).ReadAsync("p1", new HistoryQuery(Since: 2));

        Assert.False(page.Complete);
        Assert.Equal([7L, 8L, 9L, 10L], page.Events.Select(e => e.Seq));
    }

    [Fact]
    public async Task Read_LastNWhenSomeLeftHistory_IsIncomplete()
    {
        await using var server = new TestServer(o => o.History.MaxEvents = 4);
        await PublishAsync(server, "p1", 10);

        var full = await History(server).ReadAsync("p1", new HistoryQuery(Limit: 4));
        var beyond = await History(server).ReadAsync("p1", new HistoryQuery(Limit: 5));

        Assert.True(full.Complete);
        Assert.False(beyond.Complete);
        Assert.Equal([7L, 8L, 9L, 10L], beyond.Events.Select(e => e.Seq));
    }

    [Theory]
    [InlineData("another-epoch", 3L)]
    [InlineData(null, 11L)]
    public async Task Read_SinceOfAnotherEpochOrBeyondSeq_IsIncomplete(string? epoch, long since)
    {
        await using var server = new TestServer();
        await PublishAsync(server, "p1", 10);

        var page = await History(server).ReadAsync("p1", new HistoryQuery(since, epoch, 2));

        Assert.False(page.Complete);
        Assert.Equal([1L, 2L], page.Events.Select(e => e.Seq));
    }

    [Fact]
    public async Task Read_SinceTheLatestSeq_IsCompleteAndEmpty()
    {
        await using var server = new TestServer();
        await PublishAsync(server, "p1", 3);

        var page = await History(server).ReadAsync("p1", new HistoryQuery(Since: 3));

        Assert.True(page.Complete);
        Assert.Empty(page.Events);
    }

    [Fact]
    public async Task Read_InNamespace_UsesItsHistorySize()
    {
        await using var server = new TestServer(o => o.Namespaces.Add(new ProjectNamespaceOptions { Pattern = "audit:*", HistoryMaxEvents = 2 }));
        await PublishAsync(server, "audit:1", 5);
        await PublishAsync(server, "p1", 5);

        var audit = await History(server).ReadAsync("audit:1", new HistoryQuery());
        var other = await History(server).ReadAsync("p1", new HistoryQuery());

        Assert.Equal([4L, 5L], audit.Events.Select(e => e.Seq));
        Assert.Equal(5, other.Events.Count);
    }

    [Theory]
    [InlineData(-1L, null, 10, "query")]
    [InlineData(null, "e", 10, "query")]
    [InlineData(null, null, 0, "query")]
    [InlineData(null, null, 1001, "query")]
    public async Task Read_WithBadQuery_Throws(long? since, string? epoch, int limit, string param)
    {
        await using var server = new TestServer();

        var error = await Assert.ThrowsAsync<ArgumentException>(async () => await History(server).ReadAsync("p1", new HistoryQuery(since, epoch, limit)));

        Assert.Equal(param, error.ParamName);
    }

    [Fact]
    public async Task Read_WithBadProject_Throws()
    {
        await using var server = new TestServer();

        var error = await Assert.ThrowsAsync<ArgumentException>(async () => await History(server).ReadAsync("..", new HistoryQuery()));

        Assert.Equal("project", error.ParamName);
    }

    internal static IProjectHistory History(TestServer server) => server.Services.GetRequiredService<IProjectHistory>();

    internal static async Task<PublishResult> PublishAsync(TestServer server, string project, int count)
    {
        PublishResult last = default;
        for (var i = 1; i <= count; i++)
        {
            last = await server.Publisher.PublishAsync(project, "e", i);
        }

        return last;
    }
}
