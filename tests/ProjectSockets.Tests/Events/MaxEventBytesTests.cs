using Microsoft.Extensions.DependencyInjection;
using ProjectSockets.Tests.Testing;

namespace ProjectSockets.Tests.Events;

/// <summary>Events larger than <see cref="ProjectSocketsOptions.MaxEventBytes"/> are refused before anything is stored or sent.</summary>
public sealed class MaxEventBytesTests
{
    private const int Limit = 4096;

    [Fact]
    public async Task Publish_OneByteOverTheLimit_ThrowsForData_AndNeitherStoresNorDeliversIt()
    {
        await using var server = new TestServer(o => o.MaxEventBytes = Limit);
        var client = await server.ConnectAsync("p1");

        var refused = await Assert.ThrowsAsync<ArgumentException>(async () => await server.Publisher.PublishAsync("p1", "big", DataOfEncodedSize("p1", "big", Limit + 1)));
        var next = await server.Publisher.PublishAsync("p1", "small", null);

        Assert.Equal("data", refused.ParamName);
        Assert.Contains($"would take {Limit + 1} bytes", refused.Message, StringComparison.Ordinal);
        Assert.Contains($"MaxEventBytes ({Limit} bytes)", refused.Message, StringComparison.Ordinal);
        Assert.Equal(1, next.Seq);
        Assert.Equal(1, Store(server).HistoryCount("p1"));
        var first = await client.ReceiveAsync("event");
        Assert.Equal("small", first.GetProperty("event").GetString());
        Assert.Equal(1, first.GetProperty("seq").GetInt64());
    }

    [Fact]
    public async Task Publish_AtTheLimit_IsStored_AndWhatSubscribersGetIsNoLarger()
    {
        await using var server = new TestServer(o => o.MaxEventBytes = Limit);
        var client = await server.ConnectAsync("p1");

        var result = await server.Publisher.PublishAsync("p1", "big", DataOfEncodedSize("p1", "big", Limit));
        var raw = await client.ReceiveRawAsync();

        Assert.Equal(1, result.Seq);
        Assert.InRange(System.Text.Encoding.UTF8.GetByteCount(raw), 1, Limit);
    }

    [Fact]
    public async Task Broadcast_OverTheLimit_ThrowsForData_LikePublish()
    {
        await using var server = new TestServer(o => o.MaxEventBytes = Limit);

        var refused = await Assert.ThrowsAsync<ArgumentException>(async () => await server.Manager.BroadcastAsync("p1", "big", new string('x', Limit)));

        Assert.Equal("data", refused.ParamName);
        Assert.Equal(0, Store(server).HistoryCount("p1"));
    }

    [Fact]
    public async Task SendToConnection_OverTheLimit_ThrowsForData_AndTheConnectionStays()
    {
        await using var server = new TestServer(o => o.MaxEventBytes = Limit);
        var client = await server.ConnectAsync();

        var refused = Assert.Throws<ArgumentException>(() => server.Manager.SendToConnection(client.Id, "big", new string('x', Limit)));
        var sent = server.Manager.SendToConnection(client.Id, "small", null);

        Assert.Equal("data", refused.ParamName);
        Assert.True(sent);
        Assert.Equal("small", (await client.ReceiveAsync("event")).GetProperty("event").GetString());
    }

    [Fact]
    public void EncodedSizeBound_IsNeverBelowTheRealEncodedSize()
    {
        var data = "{\"line\":\"xyz\"}"u8.ToArray();

        var real = ProjectEvent.Create("project-1", "agent_output", long.MaxValue, new string('e', 64), DateTimeOffset.UnixEpoch, data).Message.Length;

        Assert.Equal(real, EventDataSerializer.EncodedSizeBound("project-1", "agent_output", data.Length));
    }

    /// <summary>A string whose event, counted as the size check counts it, takes exactly <paramref name="size"/> bytes.</summary>
    private static string DataOfEncodedSize(string project, string eventName, int size)
        => new('x', size - EventDataSerializer.EncodedSizeBound(project, eventName, 2));

    private static InMemoryProjectEventStore Store(TestServer server)
        => (InMemoryProjectEventStore)server.Services.GetRequiredService<IProjectEventStore>();
}
