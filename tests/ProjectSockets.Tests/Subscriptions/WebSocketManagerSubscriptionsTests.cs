using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using NSubstitute;
using NSubstitute.ExceptionExtensions;
using ProjectSockets.Tests.Testing;
using ProjectSockets.Tests.Commands;

namespace ProjectSockets.Tests.Subscriptions;

public sealed class WebSocketManagerSubscriptionsTests
{
    [Fact]
    public async Task Subscribe_ReturnsProjectPosition()
    {
        await using var server = new TestServer();
        await server.Publisher.PublishAsync("p2", "e", null);
        var client = await server.ConnectAsync();

        var result = await client.InvokeAsync("subscribe", "1", "p2");

        var data = result.GetProperty("data");
        Assert.True(result.GetProperty("ok").GetBoolean());
        Assert.Equal("p2", data.GetProperty("project").GetString());
        Assert.Equal(1, data.GetProperty("seq").GetInt64());
        Assert.False(string.IsNullOrEmpty(data.GetProperty("epoch").GetString()));
        Assert.False(data.GetProperty("recovered").GetBoolean());
    }

    [Fact]
    public async Task Subscribe_WithFilter_DeliversOnlyMatchingEvents()
    {
        await using var server = new TestServer();
        var client = await server.ConnectAsync();
        await client.InvokeAsync("subscribe", "1", "p1", """{"events":["task_*","gate_running"]}""");

        foreach (var name in new[] { "agent_output", "task_started", "gate_running", "gate_passed", "task_done" })
        {
            await server.Publisher.PublishAsync("p1", name, null);
        }

        var events = await client.BarrierAsync();
        Assert.Equal(["task_started", "gate_running", "task_done"], events.Select(e => e.GetProperty("event").GetString()));
    }

    [Fact]
    public async Task SubscribeAgain_ReplacesTheFilter()
    {
        await using var server = new TestServer();
        var client = await server.ConnectAsync();
        await client.InvokeAsync("subscribe", "1", "p1", """{"events":["task_*"]}""");

        await client.InvokeAsync("subscribe", "2", "p1", """{"events":["agent_*"]}""");
        await server.Publisher.PublishAsync("p1", "task_started", null);
        await server.Publisher.PublishAsync("p1", "agent_output", null);

        var events = await client.BarrierAsync();
        Assert.Equal(["agent_output"], events.Select(e => e.GetProperty("event").GetString()));
        Assert.Equal(1, server.Manager.GetSubscriberCount("p1"));
    }

    [Fact]
    public async Task SubscribeAgain_WithoutEvents_ReceivesEveryEvent()
    {
        await using var server = new TestServer();
        var client = await server.ConnectAsync("p1", "events=task_*");

        await client.InvokeAsync("subscribe", "1", "p1");
        await server.Publisher.PublishAsync("p1", "agent_output", null);

        Assert.Single(await client.BarrierAsync());
    }

    [Fact]
    public async Task Subscribe_WithEmptyEvents_IsInvalidArgs()
        => WebSocketManagerCommandsTests.AssertFailure(await SubscribeAsync("""{"events":[]}"""), "invalid_args");

    [Theory]
    [InlineData("""{"events":"task_*"}""")]
    [InlineData("""{"events":[1]}""")]
    [InlineData("""{"since":-1}""")]
    [InlineData("""{"since":"1"}""")]
    [InlineData("""{"since":1.5}""")]
    [InlineData("""{"epoch":5}""")]
    [InlineData("""[]""")]
    [InlineData("""{"epoch":"\ud800"}""")]
    public async Task Subscribe_WithArgsOfWrongShape_IsInvalidArgs(string args)
        => WebSocketManagerCommandsTests.AssertFailure(await SubscribeAsync(args), "invalid_args");

    [Fact]
    public async Task Subscribe_WithNullArgs_SubscribesToEverything()
        => Assert.True((await SubscribeAsync("""{"events":null,"since":null,"epoch":null}""")).GetProperty("ok").GetBoolean());

    [Theory]
    [InlineData("""{"events":["bad name"]}""")]
    [InlineData("""{"events":["*task"]}""")]
    public async Task Subscribe_WithBadPattern_IsBadRequest(string args)
        => WebSocketManagerCommandsTests.AssertFailure(await SubscribeAsync(args), "bad_request");

    [Fact]
    public async Task Subscribe_WithMoreThan32Patterns_IsLimitExceeded()
    {
        var patterns = string.Join(',', Enumerable.Range(0, 33).Select(i => $"\"e{i}\""));

        WebSocketManagerCommandsTests.AssertFailure(await SubscribeAsync($$"""{"events":[{{patterns}}]}"""), "limit_exceeded");
    }

    [Fact]
    public async Task Subscribe_WithoutProject_IsBadRequest()
    {
        await using var server = new TestServer();
        var client = await server.ConnectAsync();

        WebSocketManagerCommandsTests.AssertFailure(await client.InvokeAsync("subscribe", "1"), "bad_request");
    }

    [Fact]
    public async Task Subscribe_BeyondTheLimit_IsLimitExceeded_AndRouteProjectCounts()
    {
        await using var server = new TestServer(o => o.MaxSubscriptionsPerConnection = 2);
        var client = await server.ConnectAsync("p1");

        var second = await client.InvokeAsync("subscribe", "1", "p2");
        var third = await client.InvokeAsync("subscribe", "2", "p3");
        var again = await client.InvokeAsync("subscribe", "3", "p2");

        Assert.True(second.GetProperty("ok").GetBoolean());
        WebSocketManagerCommandsTests.AssertFailure(third, "limit_exceeded");
        Assert.True(again.GetProperty("ok").GetBoolean());
        Assert.Equal(0, server.Manager.GetSubscriberCount("p3"));
    }

    [Fact]
    public async Task Subscribe_RefusedByAuthorizer_IsForbidden()
    {
        var authorizer = Substitute.For<IProjectAuthorizer>();
        authorizer.CanSubscribeAsync(Arg.Any<ConnectionRequest>(), "secret", Arg.Any<CancellationToken>()).Returns(false);
        await using var server = new TestServer(services: s => s.AddSingleton(authorizer));
        var client = await server.ConnectAsync();

        var result = await client.InvokeAsync("subscribe", "1", "secret");
        await server.Publisher.PublishAsync("secret", "e", null);

        WebSocketManagerCommandsTests.AssertFailure(result, "forbidden");
        Assert.Empty(await client.BarrierAsync());
        Assert.Equal(0, server.Manager.GetSubscriberCount("secret"));
    }

    [Fact]
    public async Task Subscribe_WhenAuthorizerThrows_FailsWithHandlerError_AndConnectionLives()
    {
        var logs = new CapturingLoggerProvider();
        var authorizer = Substitute.For<IProjectAuthorizer>();
        authorizer.CanSubscribeAsync(default!, default!, default).ReturnsForAnyArgs(ValueTask.FromException<bool>(new InvalidOperationException("directory down")));
        await using var server = new TestServer(services: s => s.AddSingleton(authorizer).AddLogging(l => l.AddProvider(logs)));
        var client = await server.ConnectAsync();

        var result = await client.InvokeAsync("subscribe", "1", "p1");

        WebSocketManagerCommandsTests.AssertFailure(result, "handler_error");
        Assert.DoesNotContain("directory", result.GetRawText(), StringComparison.Ordinal);
        Assert.Empty(await client.BarrierAsync());
        Assert.Contains(logs.Entries, e => e.Level == LogLevel.Error && e.Exception?.Message == "directory down");
    }

    [Fact]
    public async Task Subscribe_WithoutId_SubscribesSilently()
    {
        await using var server = new TestServer();
        var client = await server.ConnectAsync();

        await client.SendCommandAsync("subscribe", project: "p1");
        Assert.Empty(await client.BarrierAsync());
        await server.Publisher.PublishAsync("p1", "e", null);

        Assert.Single(await client.BarrierAsync());
    }

    [Fact]
    public async Task Unsubscribe_StopsDelivery_AndReturnsProject()
    {
        await using var server = new TestServer();
        var client = await server.ConnectAsync("p1");

        var result = await client.InvokeAsync("unsubscribe", "1", "p1");
        await server.Publisher.PublishAsync("p1", "e", null);

        Assert.Equal("p1", result.GetProperty("data").GetProperty("project").GetString());
        Assert.Empty(await client.BarrierAsync());
        Assert.Equal(0, server.Manager.GetSubscriberCount("p1"));
        Assert.Empty(server.Manager.GetProjects(client.Id));
    }

    [Fact]
    public async Task Unsubscribe_FromProjectNotSubscribed_Succeeds()
    {
        await using var server = new TestServer();
        var client = await server.ConnectAsync();

        Assert.True((await client.InvokeAsync("unsubscribe", "1", "p9")).GetProperty("ok").GetBoolean());
    }

    [Fact]
    public async Task Unsubscribe_WithoutProject_IsBadRequest()
    {
        await using var server = new TestServer();
        var client = await server.ConnectAsync();

        WebSocketManagerCommandsTests.AssertFailure(await client.InvokeAsync("unsubscribe", "1"), "bad_request");
    }

    [Fact]
    public async Task Projects_AreCaseSensitive()
    {
        await using var server = new TestServer();
        var client = await server.ConnectAsync("p1");

        await server.Publisher.PublishAsync("P1", "e", null);

        Assert.Empty(await client.BarrierAsync());
    }

    [Fact]
    public async Task PublishResult_CountsOnlySubscribersWhoseFilterMatches()
    {
        await using var server = new TestServer();
        await server.ConnectAsync("p1");
        await server.ConnectAsync("p1", "events=task_*");
        await server.ConnectAsync("p1", "events=agent_*");
        await server.ConnectAsync("p2");

        var result = await server.Publisher.PublishAsync("p1", "task_started", null);

        Assert.Equal(2, result.LocalSubscribers);
        Assert.Equal("p1", result.Project);
        Assert.Equal(1, result.Seq);
        Assert.False(string.IsNullOrEmpty(result.Epoch));
    }

    private static async Task<System.Text.Json.JsonElement> SubscribeAsync(string args)
    {
        await using var server = new TestServer();
        var client = await server.ConnectAsync();
        return await client.InvokeAsync("subscribe", "1", "p1", args);
    }
}
