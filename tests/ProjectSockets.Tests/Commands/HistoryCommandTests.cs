using ProjectSockets.Tests.Testing;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using NSubstitute;

namespace ProjectSockets.Tests.Commands;

public sealed class HistoryCommandTests
{
    [Fact]
    public async Task History_ReturnsTheEventsAsSubscribersGetThem()
    {
        await using var server = new TestServer();
        var subscriber = await server.ConnectAsync("p1");
        var reader = await server.ConnectAsync();
        await Events.ProjectHistoryTests.PublishAsync(server, "p1", 3);
        var seen = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            seen.Add((await subscriber.ReceiveAsync("event")).GetRawText());
        }

        var result = await reader.InvokeAsync("history", "1", "p1", """{"limit":10}""");

        var data = result.GetProperty("data");
        Assert.True(result.GetProperty("ok").GetBoolean());
        Assert.True(data.GetProperty("complete").GetBoolean());
        Assert.False(data.GetProperty("more").GetBoolean());
        Assert.Equal(3, data.GetProperty("seq").GetInt64());
        Assert.Equal(seen, data.GetProperty("events").EnumerateArray().Select(e => e.GetRawText()));
        Assert.Empty(server.Manager.GetProjects(reader.Id));
    }

    [Fact]
    public async Task History_SinceWithEpoch_AnswersLikeAResume()
    {
        await using var server = new TestServer(o => o.History.MaxEvents = 2);
        var last = await Events.ProjectHistoryTests.PublishAsync(server, "p1", 5);
        var client = await server.ConnectAsync();

        var kept = await client.InvokeAsync("history", "1", "p1", $$"""{"since":3,"epoch":"{{last.Epoch}}"}""");
        var gone = await client.InvokeAsync("history", "2", "p1", $$"""{"since":1,"epoch":"{{last.Epoch}}"}""");

        Assert.True(kept.GetProperty("data").GetProperty("complete").GetBoolean());
        Assert.Equal([4L, 5L], Seqs(kept));
        Assert.False(gone.GetProperty("data").GetProperty("complete").GetBoolean());
    }

    [Fact]
    public async Task History_LargerThanTheAnswerBudget_StopsShortWithMore()
    {
        // A quarter of a 2,048-byte send queue holds only a few of these events.
        await using var server = new TestServer(o =>
        {
            o.SendQueue.MaxBytes = 2048;
            o.MaxEventBytes = 512;
        });
        for (var i = 0; i < 10; i++)
        {
            await server.Publisher.PublishAsync("p1", "e", new string('x', 200));
        }

        var client = await server.ConnectAsync();
        var result = await client.InvokeAsync("history", "1", "p1", """{"since":0}""");

        var count = Seqs(result).Count;
        Assert.InRange(count, 1, 9);
        Assert.True(result.GetProperty("data").GetProperty("more").GetBoolean());
    }

    [Fact]
    public async Task History_RefusedByTheAuthorizerForSubscribe_IsForbidden()
    {
        var authorizer = Substitute.For<IProjectAuthorizer>();
        authorizer.CanSubscribeAsync(Arg.Any<ConnectionRequest>(), "secret", Arg.Any<CancellationToken>()).Returns(false);
        await using var server = new TestServer(services: s => s.AddSingleton(authorizer));
        await server.Publisher.PublishAsync("secret", "e", 1);
        var client = await server.ConnectAsync();

        var result = await client.InvokeAsync("history", "1", "secret");

        Assert.Equal("forbidden", result.GetProperty("error").GetProperty("code").GetString());
        Assert.False(result.TryGetProperty("data", out _));
    }

    [Fact]
    public async Task History_WithoutProject_IsBadRequest()
    {
        await using var server = new TestServer();
        var client = await server.ConnectAsync("p1");

        var result = await client.InvokeAsync("history", "1");

        Assert.Equal("bad_request", result.GetProperty("error").GetProperty("code").GetString());
    }

    [Theory]
    [InlineData("""{"since":-1}""")]
    [InlineData("""{"since":"1"}""")]
    [InlineData("""{"epoch":"e"}""")]
    [InlineData("""{"epoch":5,"since":1}""")]
    [InlineData("""{"limit":0}""")]
    [InlineData("""{"limit":1001}""")]
    [InlineData("""{"limit":1.5}""")]
    [InlineData("""[]""")]
    public async Task History_WithBadArgs_IsInvalidArgs(string args)
    {
        await using var server = new TestServer();
        var client = await server.ConnectAsync();

        var result = await client.InvokeAsync("history", "1", "p1", args);

        Assert.Equal("invalid_args", result.GetProperty("error").GetProperty("code").GetString());
    }

    [Fact]
    public async Task History_WhenTheStoreFails_IsHandlerError_AndTheConnectionStays()
    {
        var store = Substitute.For<IProjectEventStore>();
        store.ReadHistoryAsync(default!, default!, default).ReturnsForAnyArgs<ValueTask<HistoryPage>>(_ => throw new InvalidOperationException("down"));
        await using var server = new TestServer(services: s => s.AddSingleton(store));
        var client = await server.ConnectAsync();

        var result = await client.InvokeAsync("history", "1", "p1");
        var again = await client.InvokeAsync("unsubscribe", "2", "p1");

        Assert.Equal("handler_error", result.GetProperty("error").GetProperty("code").GetString());
        Assert.True(again.GetProperty("ok").GetBoolean());
    }

    private static List<long> Seqs(JsonElement result)
        => [.. result.GetProperty("data").GetProperty("events").EnumerateArray().Select(e => e.GetProperty("seq").GetInt64())];
}
