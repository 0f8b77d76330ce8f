using System.Text;
using ProjectSockets.Tests.Testing;

namespace ProjectSockets.Tests.Diagnostics;

/// <summary>The publish-path instruments of the <c>ProjectSockets</c> meter: counted once per broadcast or per drain.</summary>
public sealed class DeliveryMetricsTests
{
    [Fact]
    public async Task Publish_CountsOneEvent_AndItsDeliveriesInOneMeasurement()
    {
        await using var server = new TestServer();
        using var published = server.Collect<long>("projectsockets.server.events.published");
        using var delivered = server.Collect<long>("projectsockets.server.events.delivered");
        await server.ConnectAsync("p1");
        await server.ConnectAsync("p1");
        var filtered = await server.ConnectAsync("p1", "events=other");

        await server.Publisher.PublishAsync("p1", "task_started", 1);

        Assert.Equal(1, Assert.Single(published.GetMeasurementSnapshot()).Value);
        Assert.Equal(2, Assert.Single(delivered.GetMeasurementSnapshot()).Value);
        Assert.Equal("{event}", published.Instrument!.Unit);
        Assert.Equal("{delivery}", delivered.Instrument!.Unit);
        Assert.Empty(await filtered.BarrierAsync());
    }

    [Fact]
    public async Task PublishToProjectWithoutSubscribers_CountsTheEventButNoDelivery()
    {
        await using var server = new TestServer();
        using var published = server.Collect<long>("projectsockets.server.events.published");
        using var delivered = server.Collect<long>("projectsockets.server.events.delivered");

        await server.Publisher.PublishAsync("p1", "e", null);

        Assert.Equal(1, published.Sum());
        Assert.Empty(delivered.GetMeasurementSnapshot());
    }

    [Fact]
    public async Task WriterDrain_CountsMessagesFramesAndBytes_AndRecordsQueueDepthAndMessagesPerFrame()
    {
        await using var server = new TestServer();
        var client = await server.ConnectAsync("p1");
        using var messages = server.Collect<long>("projectsockets.server.messages.sent");
        using var frames = server.Collect<long>("projectsockets.server.frames.sent");
        using var bytes = server.Collect<long>("projectsockets.server.bytes.sent");
        using var perFrame = server.Collect<int>("projectsockets.server.frame.messages");
        using var depth = server.Collect<int>("projectsockets.server.send_queue.depth");

        // One batch of the waker: the writer is woken once, finds three events and sends them as one frame.
        using (server.Implementation.Waker.BeginBatch())
        {
            for (var i = 0; i < 3; i++)
            {
                await server.Publisher.PublishAsync("p1", "e", i);
            }
        }

        var frame = await client.ReceiveRawAsync();
        await messages.WaitAsync(1);

        Assert.Equal(3, frame.Split('\n').Length);
        Assert.Equal(3, messages.Sum());
        Assert.Equal(1, frames.Sum());
        Assert.Equal(Encoding.UTF8.GetByteCount(frame), bytes.Sum());
        Assert.Equal(3, Assert.Single(perFrame.GetMeasurementSnapshot()).Value);
        Assert.Equal(3, Assert.Single(depth.GetMeasurementSnapshot()).Value);
        Assert.Equal("{frame}", frames.Instrument!.Unit);
        Assert.Equal("By", bytes.Instrument!.Unit);
        Assert.Equal("{message}", depth.Instrument!.Unit);
    }

    [Fact]
    public async Task Subscriptions_CountUpOnSubscribe_AndDownOnUnsubscribeAndClose()
    {
        await using var server = new TestServer();
        using var active = server.Collect<long>("projectsockets.server.active_subscriptions");
        var client = await server.ConnectAsync("p1");
        await client.InvokeAsync("subscribe", "1", "p2");
        await client.InvokeAsync("subscribe", "2", "p2", """{"events":["e"]}""");
        Assert.Equal(2, active.Sum());

        await client.InvokeAsync("unsubscribe", "3", "p2");
        Assert.Equal(1, active.Sum());
        await client.CloseAsync();
        await client.Run.WaitAsync(TestClient.Timeout);

        Assert.Equal([1L, 1L, -1L, -1L], active.GetMeasurementSnapshot().Select(m => m.Value));
        Assert.Equal("{subscription}", active.Instrument!.Unit);
    }

    [Fact]
    public async Task Resume_IsCountedAsRecovered_OrNotRecovered()
    {
        await using var server = new TestServer(o => o.History.MaxEvents = 3);
        using var resumes = server.Collect<long>("projectsockets.server.resumes");
        var epoch = (await server.Publisher.PublishAsync("p1", "e", 0)).Epoch;
        await server.Publisher.PublishAsync("p1", "e", 1);
        var first = await server.ConnectAsync();
        await first.InvokeAsync("subscribe", "1", "p1");
        Assert.Empty(resumes.GetMeasurementSnapshot());

        await first.InvokeAsync("subscribe", "2", "p1", $$"""{"since":1,"epoch":"{{epoch}}"}""");
        for (var i = 0; i < 5; i++)
        {
            await server.Publisher.PublishAsync("p1", "e", i);
        }

        var second = await server.ConnectAsync();
        await second.InvokeAsync("subscribe", "3", "p1", $$"""{"since":1,"epoch":"{{epoch}}"}""");

        Assert.Collection(
            resumes.GetMeasurementSnapshot(),
            m => Assert.Equal("recovered", m.Tag("projectsockets.resume.outcome")),
            m => Assert.Equal("not_recovered", m.Tag("projectsockets.resume.outcome")));
        Assert.Equal("{resume}", resumes.Instrument!.Unit);
    }
}
