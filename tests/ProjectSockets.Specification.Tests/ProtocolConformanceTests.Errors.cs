namespace ProjectSockets.Specification.Tests;

/// <summary>Every error code a client can reach, as a <c>result</c> when the id can be read and as <c>error</c> otherwise.</summary>
public abstract partial class ProtocolConformanceTests
{
    [Theory]
    [InlineData("not json at all", null)]
    [InlineData("{\"type\":\"command\",\"command\":\"echo\"", null)]
    [InlineData("[1,2]", null)]
    [InlineData("\"command\"", null)]
    [InlineData("{\"command\":\"echo\",\"id\":\"1\"}", "1")]
    [InlineData("{\"type\":\"subscribe\",\"id\":\"2\"}", "2")]
    [InlineData("{\"type\":5,\"id\":\"3\"}", "3")]
    [InlineData("{\"type\":\"command\",\"id\":7,\"command\":\"echo\"}", null)]
    [InlineData("{\"type\":\"command\",\"id\":\"\",\"command\":\"echo\"}", null)]
    [InlineData("{\"type\":\"command\",\"id\":\"12345678901234567890123456789012345678901234567890123456789012345\",\"command\":\"echo\"}", null)]
    [InlineData("{\"type\":\"command\",\"id\":\"4\"}", "4")]
    [InlineData("{\"type\":\"command\",\"id\":\"5\",\"command\":5}", "5")]
    [InlineData("{\"type\":\"command\",\"id\":\"6\",\"command\":\"bad name\"}", "6")]
    [InlineData("{\"type\":\"command\",\"id\":\"7\",\"command\":\"echo\",\"project\":\"bad/project\"}", "7")]
    [InlineData("{\"type\":\"command\",\"id\":\"8\",\"command\":\"echo\",\"project\":42}", "8")]
    [InlineData("{\"type\":\"command\",\"id\":\"9\",\"command\":\"subscribe\"}", "9")]
    [InlineData("{\"type\":\"command\",\"id\":\"10\",\"command\":\"unsubscribe\"}", "10")]
    [InlineData("{\"type\":\"command\",\"id\":\"11\",\"command\":\"subscribe\",\"project\":\"p2\",\"args\":{\"events\":[\"bad pattern\"]}}", "11")]
    public async Task Message_WithBadEnvelope_FailsWithBadRequest(string message, string? id)
    {
        await using var host = await StartAsync();
        using var client = await ConnectAsync(host);

        await client.SendAsync(message);

        AssertFailure(await client.ReceiveAsync(), id, "bad_request");
    }

    [Theory]
    [InlineData("does_not_exist", "1")]
    [InlineData("does_not_exist", null)]
    public async Task Command_WithNoHandler_FailsWithUnknownCommand(string command, string? id)
    {
        await using var host = await StartAsync();
        using var client = await ConnectAsync(host);

        await client.SendCommandAsync(command, id);

        AssertFailure(await client.ReceiveAsync(), id, "unknown_command");
    }

    [Theory]
    [InlineData("count", "{\"count\":\"many\"}")]
    [InlineData("count", "[1]")]
    [InlineData("subscribe", "{\"events\":[]}")]
    [InlineData("subscribe", "{\"events\":\"task_*\"}")]
    [InlineData("subscribe", "{\"events\":[1]}")]
    [InlineData("subscribe", "{\"since\":-1}")]
    [InlineData("subscribe", "{\"since\":\"1\"}")]
    [InlineData("subscribe", "{\"epoch\":5}")]
    [InlineData("subscribe", "5")]
    public async Task Command_WithArgsItDoesNotTake_FailsWithInvalidArgs(string command, string args)
    {
        await using var host = await StartAsync();
        using var client = await ConnectAsync(host);

        var result = await client.InvokeAsync(command, "1", "p2", args);

        AssertFailure(result, "1", "invalid_args");
    }

    [Fact]
    public async Task Command_WithInvalidArgsAndNoId_FailsWithError()
    {
        await using var host = await StartAsync();
        using var client = await ConnectAsync(host);

        await client.SendCommandAsync(ConformanceCommands.Count, args: """{"count":"many"}""");

        AssertFailure(await client.ReceiveAsync(), null, "invalid_args");
    }

    [Fact]
    public async Task Command_TheAuthorizerRefuses_FailsWithForbidden()
    {
        await using var host = await StartWithAuthorizerAsync();
        using var client = await ConnectAsync(host);

        var refused = await client.InvokeAsync(ConformanceCommands.Echo, "1", "secret-1");
        var allowed = await client.InvokeAsync(ConformanceCommands.Echo, "2", "open-1");

        AssertFailure(refused, "1", "forbidden");
        Assert.True(allowed.GetProperty("ok").GetBoolean());
    }

    [Fact]
    public async Task Command_BeyondTheRate_FailsWithRateLimited()
    {
        await using var host = await StartAsync(o =>
        {
            o.CommandRate.BurstLimit = 2;
            o.CommandRate.TokensPerSecond = 0.001;
        });
        using var client = await ConnectAsync(host);

        var first = await client.InvokeAsync(ConformanceCommands.Echo, "1");
        var second = await client.InvokeAsync("subscribe", "2", "p2");
        var third = await client.InvokeAsync(ConformanceCommands.Echo, "3");
        await client.SendAsync("""{"type":"ping"}""");

        Assert.True(first.GetProperty("ok").GetBoolean());
        Assert.True(second.GetProperty("ok").GetBoolean());
        AssertFailure(third, "3", "rate_limited");
        await client.ReceiveAsync("pong");
    }

    [Fact]
    public async Task Command_ThatOutlivesTheTimeout_FailsWithTimeout()
    {
        await using var host = await StartAsync(o => o.CommandTimeout = TimeSpan.FromMilliseconds(200));
        using var client = await ConnectAsync(host);

        var result = await client.InvokeAsync(ConformanceCommands.Hang, "1");

        AssertFailure(result, "1", "timeout");
    }

    [Fact]
    public async Task Command_WhoseHandlerThrows_FailsWithGenericHandlerError()
    {
        await using var host = await StartAsync();
        using var client = await ConnectAsync(host);

        var result = await client.InvokeAsync(ConformanceCommands.Crash, "1");

        AssertFailure(result, "1", "handler_error");
        var text = result.GetRawText();
        Assert.DoesNotContain("hunter2", text, StringComparison.Ordinal);
        Assert.DoesNotContain("InvalidOperationException", text, StringComparison.Ordinal);
        Assert.DoesNotContain(" at ", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Command_WhoseHandlerFailsWithItsOwnCode_SendsThatCodeAndMessage()
    {
        await using var host = await StartAsync();
        using var client = await ConnectAsync(host);

        var result = await client.InvokeAsync(ConformanceCommands.Fail, "1");

        AssertFailure(result, "1", "task_not_found");
        Assert.Equal("Task 42 was not found.", result.GetProperty("error").GetProperty("message").GetString());
    }

    [Fact]
    public async Task Command_WhoseHandlerFailsWithoutId_SendsError()
    {
        await using var host = await StartAsync();
        using var client = await ConnectAsync(host);

        await client.SendCommandAsync(ConformanceCommands.Fail);

        AssertFailure(await client.ReceiveAsync(), null, "task_not_found");
    }
}
