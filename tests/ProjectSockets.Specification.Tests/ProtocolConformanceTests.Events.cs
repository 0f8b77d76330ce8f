using System.Text.Json;
using System.Text.RegularExpressions;

namespace ProjectSockets.Specification.Tests;

/// <summary>Events, subscriptions and filters.</summary>
public abstract partial class ProtocolConformanceTests
{
    [Fact]
    public async Task Publish_ToRouteProject_DeliversEventWithItsFullShape()
    {
        await using var host = await StartAsync();
        using var client = await ConnectAsync(host, "/ws/p1");

        var published = await PublisherOf(host).PublishAsync("p1", "task_started", new { taskId = "t1" });
        var message = await client.ReceiveAsync("event");

        Assert.Equal("p1", message.GetProperty("project").GetString());
        Assert.Equal("task_started", message.GetProperty("event").GetString());
        Assert.Equal(1, message.GetProperty("seq").GetInt64());
        Assert.Equal(published.Epoch, message.GetProperty("epoch").GetString());
        Assert.Matches(new Regex(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$"), message.GetProperty("time").GetString());
        Assert.Equal("t1", message.GetProperty("data").GetProperty("taskId").GetString());
    }

    [Fact]
    public async Task Publish_ManyEvents_ArriveInSeqOrderWithoutGaps()
    {
        await using var host = await StartAsync();
        using var client = await ConnectAsync(host, "/ws/p1");
        var publisher = PublisherOf(host);

        // Published before the client reads: the server may batch them, and the client splits batches on '\n'.
        for (var i = 0; i < 50; i++)
        {
            await publisher.PublishAsync("p1", "agent_output", new { line = "text with\nnewline " + i });
        }

        for (var seq = 1; seq <= 50; seq++)
        {
            var message = await client.ReceiveAsync("event");
            Assert.Equal(seq, message.GetProperty("seq").GetInt64());
            Assert.Equal("text with\nnewline " + (seq - 1), message.GetProperty("data").GetProperty("line").GetString());
        }
    }

    [Fact]
    public async Task Publish_WhileTheClientIsBehind_KeepsEveryBatchUnderTheBatchLimit()
    {
        await using var host = await StartAsync(o => o.SendQueue.MaxBatchBytes = 1024);
        using var client = await ConnectAsync(host, "/ws/p1");
        var publisher = PublisherOf(host);

        for (var i = 0; i < 200; i++)
        {
            await publisher.PublishAsync("p1", "agent_output", new { line = new string('x', 100) });
        }

        for (var seq = 1; seq <= 200; seq++)
        {
            Assert.Equal(seq, (await client.ReceiveAsync("event")).GetProperty("seq").GetInt64());
        }

        Assert.True(client.LargestBatchBytes <= 1024, $"A batch of {client.LargestBatchBytes} bytes exceeds the limit.");
    }

    [Fact]
    public async Task Publish_FasterThanTheClientReads_ClosesItWith4001AfterTheEventsItGot()
    {
        await using var host = await StartAsync(o => o.SendQueue.MaxBytes = 64 * 1024);
        using var client = await ConnectAsync(host, "/ws/p1");

        // LocalSubscribers counts the publishing node's subscribers only: publish where the client is connected.
        var publisher = ClientNodePublisherOf(host);
        var data = new { line = new string('x', 16 * 1024) };

        // The client does not read: once the socket buffers are full, the send queue overflows.
        var published = 0;
        while (published < 10_000 && (await publisher.PublishAsync("p1", "agent_output", data)).LocalSubscribers == 1)
        {
            published++;
        }

        var closed = await client.ReceiveUntilClosedAsync();

        Assert.True(published < 10_000, "The send queue never overflowed.");
        AssertDisconnected(closed, 4001, reconnect: true);
        var seqs = closed.Messages.Where(m => m.GetProperty("type").GetString() == "event").Select(m => m.GetProperty("seq").GetInt64()).ToList();
        Assert.Equal(Enumerable.Range(1, seqs.Count).Select(i => (long)i), seqs);
    }

    [Fact]
    public async Task Publish_ToAnotherProject_IsNotDelivered()
    {
        await using var host = await StartAsync();
        using var client = await ConnectAsync(host, "/ws/p1");
        var publisher = PublisherOf(host);

        await publisher.PublishAsync("p2", "task_started", null);
        await publisher.PublishAsync("p1", "task_completed", null);
        var message = await client.ReceiveAsync("event");

        Assert.Equal("p1", message.GetProperty("project").GetString());
        Assert.Equal("task_completed", message.GetProperty("event").GetString());
    }

    [Fact]
    public async Task Publish_ToProjectsCaseSensitively_KeepsThemApart()
    {
        await using var host = await StartAsync();
        using var client = await ConnectAsync(host, "/ws/p1");
        var publisher = PublisherOf(host);

        await publisher.PublishAsync("P1", "task_started", null);
        await publisher.PublishAsync("p1", "task_completed", null);
        var message = await client.ReceiveAsync("event");

        Assert.Equal("task_completed", message.GetProperty("event").GetString());
        Assert.Equal(1, message.GetProperty("seq").GetInt64());
    }

    [Fact]
    public async Task Connect_WithEventsFilter_DeliversOnlyMatchingEvents()
    {
        await using var host = await StartAsync();
        using var client = await ConnectAsync(host, "/ws/p1?events=task_*,gate_running");
        var publisher = PublisherOf(host);

        await publisher.PublishAsync("p1", "agent_output", null);
        await publisher.PublishAsync("p1", "gate_running", null);
        await publisher.PublishAsync("p1", "signal_detected", null);
        await publisher.PublishAsync("p1", "task_started", null);

        Assert.Equal(2, (await client.ReceiveAsync("event")).GetProperty("seq").GetInt64());
        Assert.Equal(4, (await client.ReceiveAsync("event")).GetProperty("seq").GetInt64());
    }

    [Fact]
    public async Task Subscribe_ToProject_ReturnsPositionAndDeliversItsEvents()
    {
        await using var host = await StartAsync();
        using var client = await ConnectAsync(host);
        var publisher = PublisherOf(host);
        var earlier = await publisher.PublishAsync("p2", "task_started", null);

        var result = await client.InvokeAsync("subscribe", "1", "p2");
        await publisher.PublishAsync("p2", "task_completed", null);
        var message = await client.ReceiveAsync("event");

        Assert.True(result.GetProperty("ok").GetBoolean());
        var data = result.GetProperty("data");
        Assert.Equal("p2", data.GetProperty("project").GetString());
        Assert.Equal(1, data.GetProperty("seq").GetInt64());
        Assert.Equal(earlier.Epoch, data.GetProperty("epoch").GetString());
        Assert.False(data.GetProperty("recovered").GetBoolean());
        Assert.Equal(2, message.GetProperty("seq").GetInt64());
    }

    [Fact]
    public async Task Subscribe_WithFilter_DeliversOnlyMatchingEvents()
    {
        await using var host = await StartAsync();
        using var client = await ConnectAsync(host);
        var publisher = PublisherOf(host);

        await client.InvokeAsync("subscribe", "1", "p2", """{"events":["task_*"]}""");
        await publisher.PublishAsync("p2", "agent_output", null);
        await publisher.PublishAsync("p2", "task_completed", null);
        var message = await client.ReceiveAsync("event");

        Assert.Equal("task_completed", message.GetProperty("event").GetString());
        Assert.Equal(2, message.GetProperty("seq").GetInt64());
    }

    [Fact]
    public async Task Subscribe_AgainWithoutEvents_ReplacesFilterWithEveryEvent()
    {
        await using var host = await StartAsync();
        using var client = await ConnectAsync(host);
        var publisher = PublisherOf(host);

        await client.InvokeAsync("subscribe", "1", "p2", """{"events":["task_*"]}""");
        await client.InvokeAsync("subscribe", "2", "p2");
        await publisher.PublishAsync("p2", "agent_output", null);
        var message = await client.ReceiveAsync("event");

        Assert.Equal("agent_output", message.GetProperty("event").GetString());
    }

    [Fact]
    public async Task Subscribe_WithNullArgsAndNullFields_IsTheSameAsAbsentOnes()
    {
        await using var host = await StartAsync();
        using var client = await ConnectAsync(host);

        await client.SendAsync("""{"type":"command","id":"1","command":"subscribe","project":"p2","args":{"events":null,"since":null,"epoch":null}}""");
        var result = await client.ReceiveAsync("result");

        Assert.True(result.GetProperty("ok").GetBoolean());
        Assert.False(result.GetProperty("data").GetProperty("recovered").GetBoolean());
    }

    [Fact]
    public async Task Subscribe_WithoutId_SubscribesSilently()
    {
        await using var host = await StartAsync();
        using var client = await ConnectAsync(host);

        await client.SendCommandAsync("subscribe", project: "p2");
        await client.SendAsync("""{"type":"ping"}""");
        await client.ReceiveAsync("pong");
        await PublisherOf(host).PublishAsync("p2", "task_started", null);

        Assert.Equal("p2", (await client.ReceiveAsync("event")).GetProperty("project").GetString());
    }

    [Fact]
    public async Task Unsubscribe_FromProject_ReturnsProjectAndStopsItsEvents()
    {
        await using var host = await StartAsync();
        using var client = await ConnectAsync(host, "/ws/p1");
        var publisher = PublisherOf(host);
        await client.InvokeAsync("subscribe", "1", "p2");

        var result = await client.InvokeAsync("unsubscribe", "2", "p2");
        await publisher.PublishAsync("p2", "task_started", null);
        await publisher.PublishAsync("p1", "task_started", null);
        var message = await client.ReceiveAsync("event");

        Assert.True(result.GetProperty("ok").GetBoolean());
        Assert.Equal("p2", result.GetProperty("data").GetProperty("project").GetString());
        Assert.Equal("p1", message.GetProperty("project").GetString());
    }

    [Fact]
    public async Task Unsubscribe_FromRouteProject_StopsItsEvents()
    {
        await using var host = await StartAsync();
        using var client = await ConnectAsync(host, "/ws/p1");
        var publisher = PublisherOf(host);
        await client.InvokeAsync("subscribe", "1", "p2");

        await client.InvokeAsync("unsubscribe", "2", "p1");
        await publisher.PublishAsync("p1", "task_started", null);
        await publisher.PublishAsync("p2", "task_started", null);

        Assert.Equal("p2", (await client.ReceiveAsync("event")).GetProperty("project").GetString());
    }

    [Fact]
    public async Task Unsubscribe_FromProjectNotSubscribed_IsNotAnError()
    {
        await using var host = await StartAsync();
        using var client = await ConnectAsync(host);

        var result = await client.InvokeAsync("unsubscribe", "1", "never");

        Assert.True(result.GetProperty("ok").GetBoolean());
        Assert.Equal("never", result.GetProperty("data").GetProperty("project").GetString());
    }

    [Fact]
    public async Task Subscribe_BeyondSubscriptionLimitCountingRouteProject_FailsWithLimitExceeded()
    {
        await using var host = await StartAsync(o => o.MaxSubscriptionsPerConnection = 2);
        using var client = await ConnectAsync(host, "/ws/p1");

        var second = await client.InvokeAsync("subscribe", "1", "p2");
        var third = await client.InvokeAsync("subscribe", "2", "p3");
        var again = await client.InvokeAsync("subscribe", "3", "p2", """{"events":["task_*"]}""");

        Assert.True(second.GetProperty("ok").GetBoolean());
        AssertFailure(third, "2", "limit_exceeded");
        Assert.True(again.GetProperty("ok").GetBoolean());
    }

    [Fact]
    public async Task Subscribe_WithMoreThan32Patterns_FailsWithLimitExceeded()
    {
        await using var host = await StartAsync();
        using var client = await ConnectAsync(host);
        var patterns = JsonSerializer.Serialize(Enumerable.Range(0, 33).Select(i => "e" + i));

        var result = await client.InvokeAsync("subscribe", "1", "p2", "{\"events\":" + patterns + "}");

        AssertFailure(result, "1", "limit_exceeded");
    }

    [Fact]
    public async Task Subscribe_ToProjectTheAuthorizerRefuses_FailsWithForbidden()
    {
        await using var host = await StartWithAuthorizerAsync();
        using var client = await ConnectAsync(host);

        var result = await client.InvokeAsync("subscribe", "1", "secret-1");

        AssertFailure(result, "1", "forbidden");
    }
}
