using Microsoft.Extensions.DependencyInjection;
using System.Security.Claims;
using System.Text.Json;
using ProjectSockets.Tests.Testing;

namespace ProjectSockets.Tests.Commands;

/// <summary>A command with an id from a connection with a session key runs at most once per id within the window.</summary>
public sealed class CommandDeduplicationTests
{
    private const string Key = "k0123456789abcdef_-XY";
    private const string SessionQuery = "session=" + Key;

    [Fact]
    public async Task Retry_AfterFirstRunFinished_GetsFirstResultWithoutRunningAgain()
    {
        var runs = 0;
        await using var server = new TestServer(build: b => b.AddCommand<JsonElement, int>("count", (_, _) => Interlocked.Increment(ref runs)));
        var first = await server.ConnectAsync(query: SessionQuery);
        var answer = await first.InvokeAsync("count", "c1");
        var second = await server.ConnectAsync(query: SessionQuery);

        var retry = await second.InvokeAsync("count", "c1");

        Assert.Equal(1, runs);
        Assert.Equal(1, answer.GetProperty("data").GetInt32());
        Assert.False(answer.TryGetProperty("replayed", out _));
        Assert.Equal(1, retry.GetProperty("data").GetInt32());
        Assert.True(retry.GetProperty("replayed").GetBoolean());
    }

    [Fact]
    public async Task Retry_WhileFirstRunIsInFlight_WaitsForItAndGetsItsResult()
    {
        var runs = 0;
        var entered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var server = new TestServer(build: b => b.AddCommand<JsonElement, int>("slow", async (_, _, _) =>
        {
            Interlocked.Increment(ref runs);
            entered.TrySetResult();
            return await release.Task;
        }));
        var first = await server.ConnectAsync(query: SessionQuery);
        await first.SendCommandAsync("slow", "c1");
        await entered.Task.WaitAsync(TestClient.Timeout);

        // The first connection is cut mid-command; its run goes on.
        first.Connection.Abort();
        await first.Run.WaitAsync(TestClient.Timeout);
        var second = await server.ConnectAsync(query: SessionQuery);
        await second.SendCommandAsync("slow", "c1");
        await second.BarrierAsync();
        release.SetResult(42);
        var retry = await second.ReceiveAsync("result");

        Assert.Equal(1, runs);
        Assert.Equal("c1", retry.GetProperty("id").GetString());
        Assert.Equal(42, retry.GetProperty("data").GetInt32());
        Assert.True(retry.GetProperty("replayed").GetBoolean());
    }

    [Fact]
    public async Task Retry_OfFailedCommand_GetsSameErrorWithoutRunningAgain()
    {
        var runs = 0;
        await using var server = new TestServer(build: b => b.AddCommand<JsonElement, int>("fail", (_, _) =>
        {
            Interlocked.Increment(ref runs);
            throw new CommandException("task_not_found", "No task t-99.");
        }));
        var client = await server.ConnectAsync(query: SessionQuery);
        var answer = await client.InvokeAsync("fail", "c1");

        var retry = await client.InvokeAsync("fail", "c1");

        Assert.Equal(1, runs);
        Assert.Equal("task_not_found", answer.GetProperty("error").GetProperty("code").GetString());
        Assert.False(retry.GetProperty("ok").GetBoolean());
        Assert.Equal("task_not_found", retry.GetProperty("error").GetProperty("code").GetString());
        Assert.Equal("No task t-99.", retry.GetProperty("error").GetProperty("message").GetString());
        Assert.True(retry.GetProperty("replayed").GetBoolean());
    }

    [Fact]
    public async Task Retry_WithoutSessionKey_RunsAgain()
    {
        var runs = 0;
        await using var server = new TestServer(build: b => b.AddCommand<JsonElement, int>("count", (_, _) => Interlocked.Increment(ref runs)));
        var client = await server.ConnectAsync();

        await client.InvokeAsync("count", "c1");
        var again = await client.InvokeAsync("count", "c1");

        Assert.Equal(2, runs);
        Assert.False(again.TryGetProperty("replayed", out _));
    }

    [Fact]
    public async Task Retry_WithSameKeyFromAnotherUser_IsAnotherSessionAndRuns()
    {
        var runs = 0;
        await using var server = new TestServer(build: b => b.AddCommand<JsonElement, int>("count", (_, _) => Interlocked.Increment(ref runs)));
        var alice = await server.ConnectAsync(new ConnectionRequest { QueryString = SessionQuery, User = UserNamed("alice") });
        var bob = await server.ConnectAsync(new ConnectionRequest { QueryString = SessionQuery, User = UserNamed("bob") });

        await alice.InvokeAsync("count", "c1");
        var other = await bob.InvokeAsync("count", "c1");
        var aliceAgain = await server.ConnectAsync(new ConnectionRequest { QueryString = SessionQuery, User = UserNamed("alice") });
        var replay = await aliceAgain.InvokeAsync("count", "c1");

        Assert.Equal(2, runs);
        Assert.Equal(2, other.GetProperty("data").GetInt32());
        Assert.Equal(1, replay.GetProperty("data").GetInt32());
    }

    [Fact]
    public async Task Retry_AfterTheWindow_RunsAgain()
    {
        var runs = 0;
        await using var server = new TestServer(
            o => o.CommandDeduplication.Window = TimeSpan.FromSeconds(10),
            b => b.AddCommand<JsonElement, int>("count", (_, _) => Interlocked.Increment(ref runs)));
        var client = await server.ConnectAsync(query: SessionQuery);
        await client.InvokeAsync("count", "c1");

        server.Time.Advance(TimeSpan.FromSeconds(9));
        var within = await client.InvokeAsync("count", "c1");
        server.Time.Advance(TimeSpan.FromSeconds(1));
        var after = await client.InvokeAsync("count", "c1");

        Assert.Equal(1, within.GetProperty("data").GetInt32());
        Assert.Equal(2, after.GetProperty("data").GetInt32());
        Assert.False(after.TryGetProperty("replayed", out _));
    }

    [Fact]
    public async Task SameId_ForAnotherCommand_IsRefusedWithCommandIdReused()
    {
        var runs = 0;
        await using var server = new TestServer(build: b => b
            .AddCommand<JsonElement, int>("count", (_, _) => Interlocked.Increment(ref runs))
            .AddCommand<JsonElement, int>("other", (_, _) => Interlocked.Increment(ref runs)));
        var client = await server.ConnectAsync(query: SessionQuery);
        await client.InvokeAsync("count", "c1");

        var reused = await client.InvokeAsync("other", "c1");

        Assert.Equal(1, runs);
        Assert.Equal(ProtocolErrorCodes.CommandIdReused, reused.GetProperty("error").GetProperty("code").GetString());
    }

    [Fact]
    public async Task NewId_BeyondThePerSessionLimit_IsRefusedWithLimitExceededAndDoesNotRun()
    {
        var runs = 0;
        await using var server = new TestServer(
            o => o.CommandDeduplication.MaxCommandsPerSession = 2,
            b => b.AddCommand<JsonElement, int>("count", (_, _) => Interlocked.Increment(ref runs)));
        var client = await server.ConnectAsync(query: SessionQuery);
        await client.InvokeAsync("count", "c1");
        await client.InvokeAsync("count", "c2");

        var refused = await client.InvokeAsync("count", "c3");
        var stillRemembered = await client.InvokeAsync("count", "c1");

        Assert.Equal(2, runs);
        Assert.Equal(ProtocolErrorCodes.LimitExceeded, refused.GetProperty("error").GetProperty("code").GetString());
        Assert.Equal(1, stillRemembered.GetProperty("data").GetInt32());
    }

    [Fact]
    public async Task NewId_BeyondTheServerLimit_IsRefusedWithLimitExceeded()
    {
        var runs = 0;
        await using var server = new TestServer(
            o => o.CommandDeduplication.MaxCommands = 1,
            b => b.AddCommand<JsonElement, int>("count", (_, _) => Interlocked.Increment(ref runs)));
        var one = await server.ConnectAsync(query: SessionQuery);
        var other = await server.ConnectAsync(query: "session=another-session-key-0001");
        await one.InvokeAsync("count", "c1");

        var refused = await other.InvokeAsync("count", "c1");

        Assert.Equal(1, runs);
        Assert.Equal(ProtocolErrorCodes.LimitExceeded, refused.GetProperty("error").GetProperty("code").GetString());
    }

    [Fact]
    public async Task Welcome_WithSessionKey_AnnouncesTheWindow()
    {
        await using var server = new TestServer(o => o.CommandDeduplication.Window = TimeSpan.FromSeconds(45));

        var withKey = await server.ConnectAsync(query: SessionQuery);
        var without = await server.ConnectAsync();

        Assert.Equal(45_000, withKey.Welcome.GetProperty("session").GetProperty("windowMs").GetInt64());
        Assert.False(without.Welcome.TryGetProperty("session", out _));
    }

    [Theory]
    [InlineData("session=short")]
    [InlineData("session=has%20a%20space-0123456789")]
    [InlineData("session=0123456789012345678901234567890123456789012345678901234567890123456789")]
    [InlineData("session=k0123456789abcdef&session=k0123456789abcdef")]
    public async Task Handshake_WithBadSessionKey_IsRefusedWith400(string query)
    {
        await using var server = new TestServer();

        using var decision = await server.Manager.EvaluateHandshakeAsync(new ConnectionRequest { QueryString = query });

        Assert.Equal(400, decision.StatusCode);
        Assert.Contains("session", decision.Reason, StringComparison.Ordinal);
    }

    private static ClaimsPrincipal UserNamed(string name)
        => new(new ClaimsIdentity([new Claim(ClaimTypes.NameIdentifier, name)], "test"));
}
