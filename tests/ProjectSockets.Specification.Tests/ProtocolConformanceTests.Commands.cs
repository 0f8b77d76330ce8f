using System.Net.WebSockets;
using System.Text;

namespace ProjectSockets.Specification.Tests;

/// <summary>Commands: results, ids, projects, ping and pong, and the shapes a client may send.</summary>
public abstract partial class ProtocolConformanceTests
{
    [Fact]
    public async Task Command_WithId_ReturnsOneResultWithThatId()
    {
        await using var host = await StartAsync();
        using var client = await ConnectAsync(host);

        var result = await client.InvokeAsync(ConformanceCommands.Echo, "17", "p1", """{"text":"hello"}""");

        Assert.True(result.GetProperty("ok").GetBoolean());
        Assert.Equal("hello", result.GetProperty("data").GetProperty("text").GetString());
        Assert.Equal("p1", result.GetProperty("data").GetProperty("project").GetString());
    }

    [Fact]
    public async Task Command_WithoutId_ReturnsNoResult()
    {
        await using var host = await StartAsync();
        using var client = await ConnectAsync(host);

        await client.SendCommandAsync(ConformanceCommands.Echo, args: """{"text":"quiet"}""");
        var next = await client.InvokeAsync(ConformanceCommands.Echo, "2", args: """{"text":"loud"}""");

        Assert.Equal("loud", next.GetProperty("data").GetProperty("text").GetString());
    }

    [Fact]
    public async Task Command_WithoutProject_DoesNotGetTheRouteProject()
    {
        await using var host = await StartAsync();
        using var client = await ConnectAsync(host, "/ws/p1");

        var result = await client.InvokeAsync(ConformanceCommands.Echo, "1");

        Assert.Equal(System.Text.Json.JsonValueKind.Null, result.GetProperty("data").GetProperty("project").ValueKind);
    }

    [Fact]
    public async Task Command_ThatPublishesToSubscribedProject_DeliversBothEventAndResult()
    {
        await using var host = await StartAsync();
        using var client = await ConnectAsync(host, "/ws/p1");

        await client.SendCommandAsync(ConformanceCommands.Publish, "1", "p1", """{"text":"go"}""");
        var first = await client.ReceiveAsync();
        var second = await client.ReceiveAsync();

        // Either order is allowed.
        var messages = new[] { first, second };
        var result = Assert.Single(messages, m => m.GetProperty("type").GetString() == "result");
        var @event = Assert.Single(messages, m => m.GetProperty("type").GetString() == "event");
        Assert.Equal(1, result.GetProperty("data").GetInt64());
        Assert.Equal("go", @event.GetProperty("data").GetProperty("text").GetString());
    }

    [Fact]
    public async Task Ping_IsAnsweredWithPong()
    {
        await using var host = await StartAsync();
        using var client = await ConnectAsync(host);

        await client.SendAsync("""{"type":"ping"}""");

        await client.ReceiveAsync("pong");
    }

    [Fact]
    public async Task Pong_FromClient_IsAcceptedSilently()
    {
        await using var host = await StartAsync();
        using var client = await ConnectAsync(host);

        await client.SendAsync("""{"type":"pong"}""");
        await client.SendAsync("""{"type":"ping"}""");

        await client.ReceiveAsync("pong");
    }

    [Fact]
    public async Task Message_WithUnknownFields_IgnoresThem()
    {
        await using var host = await StartAsync();
        using var client = await ConnectAsync(host);

        await client.SendAsync("""{"type":"ping","extra":{"nested":[1,2]},"v":2}""");

        await client.ReceiveAsync("pong");
    }

    [Fact]
    public async Task Message_WithNullOptionalFields_IsTheSameAsAbsentOnes()
    {
        await using var host = await StartAsync();
        using var client = await ConnectAsync(host);

        await client.SendAsync("""{"type":"command","id":"1","command":"echo","project":null,"args":null}""");
        var result = await client.ReceiveAsync("result");

        Assert.True(result.GetProperty("ok").GetBoolean());
    }

    [Fact]
    public async Task Message_WithSeveralObjects_HandlesEachInOrder()
    {
        await using var host = await StartAsync();
        using var client = await ConnectAsync(host);

        await client.SendAsync(
            ProtocolTestClient.Command("subscribe", "1", "p2") + "\n" + ProtocolTestClient.Command("unsubscribe", "2", "p2") + "\n  {\"type\":\"ping\"}");

        Assert.Equal("1", (await client.ReceiveAsync("result")).GetProperty("id").GetString());
        Assert.Equal("2", (await client.ReceiveAsync("result")).GetProperty("id").GetString());
        await client.ReceiveAsync("pong");
    }

    [Fact]
    public async Task Message_WithNonObjectAfterObjects_HandlesThoseBeforeAndIgnoresTheRest()
    {
        await using var host = await StartAsync();
        using var client = await ConnectAsync(host);

        await client.SendAsync("{\"type\":\"ping\"}\n[1]\n{\"type\":\"ping\"}");
        await client.ReceiveAsync("pong");
        AssertFailure(await client.ReceiveAsync(), null, "bad_request");
        await client.SendAsync(ProtocolTestClient.Command(ConformanceCommands.Echo, "after"));

        Assert.Equal("after", (await client.ReceiveAsync("result")).GetProperty("id").GetString());
    }

    [Fact]
    public async Task Message_SentInFragments_IsReassembled()
    {
        await using var host = await StartAsync();
        using var client = await ConnectAsync(host);
        var bytes = Encoding.UTF8.GetBytes(ProtocolTestClient.Command(ConformanceCommands.Echo, "frag", args: """{"text":"in pieces"}"""));

        using var timeout = new CancellationTokenSource(ProtocolTestClient.Timeout);
        await client.Socket.SendAsync(bytes.AsMemory(0, 10), WebSocketMessageType.Text, endOfMessage: false, timeout.Token);
        await client.Socket.SendAsync(bytes.AsMemory(10, 15), WebSocketMessageType.Text, endOfMessage: false, timeout.Token);
        await client.Socket.SendAsync(bytes.AsMemory(25), WebSocketMessageType.Text, endOfMessage: true, timeout.Token);
        var result = await client.ReceiveAsync("result");

        Assert.Equal("in pieces", result.GetProperty("data").GetProperty("text").GetString());
    }

    [Fact]
    public async Task Command_OfASession_SentAgainOnANewConnection_RunsOnceAndGetsTheFirstResult()
    {
        await using var host = await StartAsync();
        using var first = await ConnectAsync(host, "/ws?session=conformance-key-0001");
        var ran = await first.InvokeAsync(ConformanceCommands.Publish, "c1", "p1", """{"text":"once"}""");
        first.Socket.Abort();
        using var second = await ConnectAsync(host, "/ws/p1?session=conformance-key-0001");

        var replayed = await second.InvokeAsync(ConformanceCommands.Publish, "c1", "p1", """{"text":"once"}""");
        var next = await second.InvokeAsync(ConformanceCommands.Echo, "c2", args: """{"text":"after"}""");

        Assert.Equal(120_000, first.Welcome.GetProperty("session").GetProperty("windowMs").GetInt64());
        Assert.Equal(ran.GetProperty("data").GetInt64(), replayed.GetProperty("data").GetInt64());
        Assert.True(replayed.GetProperty("replayed").GetBoolean());

        // The second connection follows p1: a second run would have published an event to it before these results.
        Assert.Equal("after", next.GetProperty("data").GetProperty("text").GetString());
    }
}
