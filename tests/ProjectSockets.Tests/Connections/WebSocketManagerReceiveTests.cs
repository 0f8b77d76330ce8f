using System.Text;
using System.Text.Json;
using ProjectSockets.Tests.Testing;
using ProjectSockets.Tests.Commands;

namespace ProjectSockets.Tests.Connections;

public sealed class WebSocketManagerReceiveTests
{
    [Fact]
    public async Task Ping_IsAnsweredWithPong()
    {
        await using var server = new TestServer();
        var client = await server.ConnectAsync();

        await client.SendAsync("""{"type":"ping"}""");

        await client.ReceiveAsync("pong");
    }

    [Fact]
    public async Task Pong_IsNotAnswered()
    {
        await using var server = new TestServer();
        var client = await server.ConnectAsync();

        await client.SendAsync("""{"type":"pong"}""");

        Assert.Empty(await client.BarrierAsync());
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("[1]")]
    [InlineData("""{"command":"x"}""")]
    [InlineData("""{"type":"hello"}""")]
    [InlineData("""{"type":"command","command":"x","id":5}""")]
    [InlineData("""{"type":"command","command":"bad name"}""")]
    [InlineData("")]
    public async Task UnreadableMessage_WithoutReadableId_GetsErrorBadRequest(string text)
    {
        await using var server = new TestServer();
        var client = await server.ConnectAsync();

        await client.SendAsync(text);
        var error = await client.ReceiveAsync("error");

        Assert.Equal("bad_request", error.GetProperty("error").GetProperty("code").GetString());
    }

    [Fact]
    public async Task BadCommand_WithReadableId_GetsResultBadRequest()
    {
        await using var server = new TestServer();
        var client = await server.ConnectAsync();

        await client.SendAsync("""{"type":"command","id":"42","command":"x","project":7}""");
        var result = await client.ReceiveAsync("result");

        Assert.Equal("42", result.GetProperty("id").GetString());
        WebSocketManagerCommandsTests.AssertFailure(result, "bad_request");
    }

    [Fact]
    public async Task SeveralObjectsInOneMessage_AreHandledInOrder()
    {
        await using var server = new TestServer();
        var client = await server.ConnectAsync();

        await client.SendAsync("""
            {"type":"command","id":"1","command":"subscribe","project":"p1"}
            {"type":"ping"}
            {"type":"command","id":"2","command":"unsubscribe","project":"p1"}
            """);
        var messages = await client.ReceiveUntilAsync(m => m.GetProperty("type").GetString() == "result" && m.GetProperty("id").GetString() == "2");

        Assert.Collection(
            messages,
            m => Assert.Equal("1", m.GetProperty("id").GetString()),
            m => Assert.Equal("pong", m.GetProperty("type").GetString()),
            m => Assert.Equal("2", m.GetProperty("id").GetString()));
    }

    [Fact]
    public async Task FirstNonObject_StopsTheRestOfTheMessage_WithOneBadRequest()
    {
        await using var server = new TestServer();
        var client = await server.ConnectAsync();

        await client.SendAsync("""{"type":"command","id":"1","command":"unsubscribe","project":"p1"} 17 {"type":"ping"} {"type":"ping"}""");
        var messages = await client.BarrierAsync();

        Assert.Collection(
            messages,
            m => Assert.Equal("1", m.GetProperty("id").GetString()),
            m => Assert.Equal("bad_request", m.GetProperty("error").GetProperty("code").GetString()));
        Assert.Empty(await client.BarrierAsync());
    }

    [Fact]
    public async Task BinaryMessage_ClosesWith1003()
        => await AssertPolicyCloseAsync(new TestServer(), c => c.Connection.SendBinaryAsync(new byte[] { 1, 2 }).AsTask(), 1003);

    [Fact]
    public async Task InvalidUtf8_ClosesWith1007()
        => await AssertPolicyCloseAsync(new TestServer(), c => c.Connection.SendAsync(new byte[] { (byte)'{', 0xC3, 0x28, (byte)'}' }).AsTask(), 1007);

    [Fact]
    public async Task TooLargeMessage_ClosesWith1009()
        => await AssertPolicyCloseAsync(
            new TestServer(o => o.MaxMessageBytes = 256),
            c => c.SendAsync($$"""{"type":"command","command":"x","args":"{{new string('a', 300)}}"}"""),
            1009);

    [Fact]
    public async Task MessageAtTheSizeLimit_IsHandled()
    {
        await using var server = new TestServer(o => o.MaxMessageBytes = 256);
        var client = await server.ConnectAsync();
        var padding = new string(' ', 256 - """{"type":"ping"}""".Length);

        await client.SendAsync("""{"type":"ping"}""" + padding);

        await client.ReceiveAsync("pong");
    }

    [Fact]
    public async Task TooManyProtocolErrors_CloseWith1008()
        => await AssertPolicyCloseAsync(
            new TestServer(o => o.PolicyClose.MaxProtocolErrors = 3),
            async c =>
            {
                for (var i = 0; i < 3; i++)
                {
                    await c.SendAsync("nope");
                }
            },
            1008);

    [Fact]
    public async Task ProtocolErrors_SpreadOverWindows_DoNotClose()
    {
        await using var server = new TestServer(o => o.PolicyClose.MaxProtocolErrors = 2);
        var client = await server.ConnectAsync();

        await client.SendAsync("nope");
        await client.ReceiveAsync("error");
        server.Time.Advance(TimeSpan.FromSeconds(10));
        await client.SendAsync("nope");
        var second = await client.ReceiveAsync();
        Assert.True(second.GetProperty("type").GetString() == "error", second.GetRawText());

        Assert.Empty(await client.BarrierAsync());
    }

    [Fact]
    public async Task CommandsBeyondTheBurst_AreRateLimited()
    {
        await using var server = new TestServer(o =>
        {
            o.CommandRate.BurstLimit = 3;
            o.CommandRate.TokensPerSecond = 1;
        });
        var client = await server.ConnectAsync();

        var results = new List<JsonElement>();
        for (var i = 0; i < 4; i++)
        {
            results.Add(await client.InvokeAsync("unsubscribe", $"{i}", "p1"));
        }

        Assert.All(results.Take(3), r => Assert.True(r.GetProperty("ok").GetBoolean()));
        WebSocketManagerCommandsTests.AssertFailure(results[3], "rate_limited");
    }

    [Fact]
    public async Task RateLimit_RefillsOverTime()
    {
        await using var server = new TestServer(o =>
        {
            o.CommandRate.BurstLimit = 1;
            o.CommandRate.TokensPerSecond = 2;
        });
        var client = await server.ConnectAsync();

        await client.InvokeAsync("unsubscribe", "1", "p1");
        var limited = await client.InvokeAsync("unsubscribe", "2", "p1");
        server.Time.Advance(TimeSpan.FromSeconds(0.5));
        var allowed = await client.InvokeAsync("unsubscribe", "3", "p1");

        WebSocketManagerCommandsTests.AssertFailure(limited, "rate_limited");
        Assert.True(allowed.GetProperty("ok").GetBoolean());
    }

    [Fact]
    public async Task PingAndPong_TakeNoCommandToken()
    {
        await using var server = new TestServer(o => o.CommandRate.BurstLimit = 1);
        var client = await server.ConnectAsync();

        for (var i = 0; i < 5; i++)
        {
            await client.SendAsync("""{"type":"ping"}{"type":"pong"}""");
            await client.ReceiveAsync("pong");
        }

        Assert.True((await client.InvokeAsync("unsubscribe", "1", "p1")).GetProperty("ok").GetBoolean());
    }

    [Fact]
    public async Task SustainedFlooding_AfterRateLimited_ClosesWith1008()
        => await AssertPolicyCloseAsync(
            new TestServer(o =>
            {
                o.CommandRate.BurstLimit = 1;
                o.CommandRate.TokensPerSecond = 0.001;
                o.PolicyClose.MaxRateLimitedAnswers = 5;
            }),
            async c =>
            {
                for (var i = 0; i < 6; i++)
                {
                    await c.SendCommandAsync("unsubscribe", $"{i}", "p1");
                }
            },
            1008,
            expectRateLimited: 5);

    private static async Task AssertPolicyCloseAsync(TestServer server, Func<TestClient, Task> misbehave, int code, int expectRateLimited = 0)
    {
        await using (server)
        {
            var client = await server.ConnectAsync("p1");

            await misbehave(client);
            var (messages, closeCode) = await client.ReceiveUntilClosedAsync();
            await client.Run.WaitAsync(TestClient.Timeout);

            var disconnected = messages[^1];
            Assert.Equal("disconnected", disconnected.GetProperty("type").GetString());
            Assert.Equal(code, disconnected.GetProperty("code").GetInt32());
            Assert.False(disconnected.GetProperty("reconnect").GetBoolean());
            Assert.Equal(code, closeCode);
            // A policy close sends what is queued first: every answer, the one that reached the limit included.
            Assert.Equal(expectRateLimited, messages.Count(m => m.TryGetProperty("error", out var e) && e.GetProperty("code").GetString() == "rate_limited"));
            server.AssertNoConnections("p1");
        }
    }
}
