using ProjectSockets.Client.Tests.Testing;

namespace ProjectSockets.Client.Tests;

/// <summary>ReadHistoryAsync against a real host.</summary>
public sealed class ProjectSocketsClientHistoryTests
{
    private sealed record Tick(int Value);

    [Fact]
    public async Task ReadHistoryAsync_ReturnsTheEventsWithTheirSeqAndData_AndPages()
    {
        await using var server = await TestServer.StartAsync(TestHostKind.Kestrel);
        for (var i = 1; i <= 5; i++)
        {
            await server.PublishAsync("p1", "tick", new Tick(i));
        }

        await using var probe = await ClientProbe.ConnectAsync(server.Url());

        var last = await probe.Client.ReadHistoryAsync("p1", limit: 2);
        var page = await probe.Client.ReadHistoryAsync("p1", since: 1, epoch: last.Epoch, limit: 2);

        Assert.Equal([4L, 5L], last.Events.Select(e => e.Seq!.Value));
        Assert.True(last.Complete);
        Assert.False(last.More);
        Assert.Equal([2L, 3L], page.Events.Select(e => e.Seq!.Value));
        Assert.Equal([2, 3], page.Events.Select(e => e.GetData<Tick>()!.Value));
        Assert.True(page.More);
        Assert.Equal("p1", page.Events[0].Project);
    }

    [Fact]
    public async Task ReadHistoryAsync_OfAnotherEpoch_IsNotComplete()
    {
        await using var server = await TestServer.StartAsync(TestHostKind.Kestrel);
        await server.PublishAsync("p1", "tick", new Tick(1));
        await using var probe = await ClientProbe.ConnectAsync(server.Url());

        var page = await probe.Client.ReadHistoryAsync("p1", since: 0, epoch: "gone");

        Assert.False(page.Complete);
    }

    [Fact]
    public async Task ReadHistoryAsync_Refused_ThrowsForbidden()
    {
        await using var server = await TestServer.StartAsync(TestHostKind.Kestrel);
        server.Authorizer.RefuseProject = "secret";
        await using var probe = await ClientProbe.ConnectAsync(server.Url());

        var exception = await Assert.ThrowsAsync<ProjectSocketsCommandException>(() => probe.Client.ReadHistoryAsync("secret"));

        Assert.Equal(ProtocolErrorCodes.Forbidden, exception.Code);
    }

    [Fact]
    public async Task ReadHistoryAsync_WithLimitOutOfRange_ThrowsInvalidArgs()
    {
        await using var server = await TestServer.StartAsync(TestHostKind.Kestrel);
        await using var probe = await ClientProbe.ConnectAsync(server.Url());

        var exception = await Assert.ThrowsAsync<ProjectSocketsCommandException>(() => probe.Client.ReadHistoryAsync("p1", limit: 0));

        Assert.Equal(ProtocolErrorCodes.InvalidArgs, exception.Code);
    }
}
