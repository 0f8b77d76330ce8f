using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using NSubstitute;
using ProjectSockets.Tests.Testing;

namespace ProjectSockets.Tests.Commands;

public sealed class WebSocketManagerCommandsTests
{
    [Fact]
    public async Task Command_WithSyncDelegate_ReturnsItsValueAsData()
    {
        await using var server = new TestServer(build: b => b.AddCommand<AddArgs, int>("add", (args, _) => args.Left + args.Right));
        var client = await server.ConnectAsync();

        var result = await client.InvokeAsync("add", "1", args: """{"left":2,"right":3}""");

        Assert.True(result.GetProperty("ok").GetBoolean());
        Assert.Equal(5, result.GetProperty("data").GetInt32());
    }

    [Fact]
    public async Task Command_WithAsyncDelegate_ReturnsItsValueAsData()
    {
        await using var server = new TestServer(build: b => b.AddCommand<AddArgs, int>("add", async (args, _, ct) =>
        {
            await Task.Yield();
            return args.Left * args.Right;
        }));
        var client = await server.ConnectAsync();

        var result = await client.InvokeAsync("add", "1", args: """{"left":2,"right":3}""");

        Assert.Equal(6, result.GetProperty("data").GetInt32());
    }

    [Fact]
    public async Task Command_TypedArgsAndResult_UseCamelCase()
    {
        await using var server = new TestServer(build: b => b.AddCommand<TitleArgs, TitleResult>("start_task", (args, _) => new TitleResult(args.TaskTitle.ToUpperInvariant())));
        var client = await server.ConnectAsync();

        var result = await client.InvokeAsync("start_task", "1", args: """{"taskTitle":"build"}""");

        Assert.Equal("BUILD", result.GetProperty("data").GetProperty("upperTitle").GetString());
    }

    [Fact]
    public async Task Command_WithoutArgs_ReadsEmptyObject()
    {
        await using var server = new TestServer(build: b => b.AddCommand<AddArgs, int>("add", (args, _) => args.Left + args.Right));
        var client = await server.ConnectAsync();

        var result = await client.InvokeAsync("add", "1");

        Assert.Equal(0, result.GetProperty("data").GetInt32());
    }

    [Fact]
    public async Task Command_Context_CarriesConnectionCommandIdAndProject()
    {
        CommandContext? seen = null;
        await using var server = new TestServer(build: b => b.AddCommand<AddArgs, int>("look", (_, context) =>
        {
            seen = context;
            return 0;
        }));
        var client = await server.ConnectAsync("route");

        await client.InvokeAsync("look", "id-9", project: "p7");

        Assert.NotNull(seen);
        Assert.Equal(client.Id, seen.ConnectionId);
        Assert.Equal("look", seen.Command);
        Assert.Equal("id-9", seen.CommandId);
        Assert.Equal("p7", seen.Project);
        Assert.Equal("route", seen.Request.RouteProject);
    }

    [Fact]
    public async Task Command_WithoutProject_DoesNotFillInRouteProject()
    {
        string? project = "unset";
        await using var server = new TestServer(build: b => b.AddCommand<AddArgs, int>("look", (_, context) =>
        {
            project = context.Project;
            return 0;
        }));
        var client = await server.ConnectAsync("route");

        await client.InvokeAsync("look", "1");

        Assert.Null(project);
    }

    [Fact]
    public async Task HandlerClass_IsResolvedFromNewScopePerInvocation_AndScopedDependencyIsDisposed()
    {
        var tracker = new DisposalTracker();
        await using var server = new TestServer(
            build: b => b.AddCommand<ScopedHandler>("scoped"),
            services: s => s.AddSingleton(tracker).AddScoped<ScopedDependency>());
        var client = await server.ConnectAsync();

        var first = await client.InvokeAsync("scoped", "1");
        await tracker.WaitForDisposalsAsync(1);
        var second = await client.InvokeAsync("scoped", "2");
        await tracker.WaitForDisposalsAsync(2);

        Assert.NotEqual(first.GetProperty("data").GetInt32(), second.GetProperty("data").GetInt32());
        Assert.Equal([first.GetProperty("data").GetInt32(), second.GetProperty("data").GetInt32()], tracker.Disposed);
    }

    [Fact]
    public async Task UnknownCommand_FailsWithUnknownCommand()
    {
        await using var server = new TestServer();
        var client = await server.ConnectAsync();

        var result = await client.InvokeAsync("start_task", "1");

        AssertFailure(result, "unknown_command");
    }

    [Theory]
    [InlineData("""{"left":"two"}""")]
    [InlineData("""[1,2]""")]
    [InlineData("""5""")]
    [InlineData("""{"left":1.5}""")]
    public async Task InvalidArgs_FailsWithInvalidArgs(string args)
    {
        await using var server = new TestServer(build: b => b.AddCommand<AddArgs, int>("add", (a, _) => a.Left + a.Right));
        var client = await server.ConnectAsync();

        var result = await client.InvokeAsync("add", "1", args: args);

        AssertFailure(result, "invalid_args");
    }

    [Fact]
    public async Task HandlerException_FailsWithGenericHandlerError_AndLogsTheException()
    {
        var logs = new CapturingLoggerProvider();
        var thrown = new InvalidOperationException("secret connection string in here");
        await using var server = new TestServer(
            build: b => b.AddCommand<AddArgs, int>("boom", (_, _) => throw thrown),
            services: s => s.AddLogging(l => l.AddProvider(logs)));
        var client = await server.ConnectAsync();

        var result = await client.InvokeAsync("boom", "1");

        AssertFailure(result, "handler_error");
        Assert.DoesNotContain("secret", result.GetRawText(), StringComparison.Ordinal);
        Assert.DoesNotContain("InvalidOperationException", result.GetRawText(), StringComparison.Ordinal);
        var entry = Assert.Single(logs.Entries, e => e.Level == LogLevel.Error);
        Assert.Same(thrown, entry.Exception);
        Assert.Contains("boom", entry.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CommandException_FailsWithItsCodeAndMessage()
    {
        await using var server = new TestServer(build: b => b.AddCommand<AddArgs, int>("find", (_, _) => throw new CommandException("task_not_found", "No task t9.")));
        var client = await server.ConnectAsync();

        var result = await client.InvokeAsync("find", "1");

        AssertFailure(result, "task_not_found");
        Assert.Equal("No task t9.", result.GetProperty("error").GetProperty("message").GetString());
    }

    [Fact]
    public async Task CommandException_WithInnerException_SendsItsMessageButLogsTheCause()
    {
        var logs = new CapturingLoggerProvider();
        var cause = new TimeoutException("db at 10.1.2.3 timed out");
        await using var server = new TestServer(
            build: b => b.AddCommand<AddArgs, int>("find", (_, _) => throw new CommandException("Lookup failed.", cause)),
            services: s => s.AddLogging(l => l.AddProvider(logs)));
        var client = await server.ConnectAsync();

        var result = await client.InvokeAsync("find", "1");

        AssertFailure(result, "handler_error");
        Assert.Equal("Lookup failed.", result.GetProperty("error").GetProperty("message").GetString());
        Assert.DoesNotContain("10.1.2.3", result.GetRawText(), StringComparison.Ordinal);
        Assert.Contains(logs.Entries, e => e.Exception?.InnerException == cause);
    }

    [Fact]
    public async Task SlowHandler_FailsWithTimeout_AfterCommandTimeout()
    {
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var server = new TestServer(
            configure: o => o.CommandTimeout = TimeSpan.FromSeconds(5),
            build: b => b.AddCommand<AddArgs, int>("hang", async (_, _, _) =>
            {
                started.SetResult();
                await new TaskCompletionSource().Task; // ignores its token, as a badly written handler does
                return 0;
            }));
        var client = await server.ConnectAsync();

        await client.SendCommandAsync("hang", "1");
        await started.Task.WaitAsync(TestClient.Timeout);
        server.Time.Advance(TimeSpan.FromSeconds(5));
        var result = await client.ReceiveAsync("result");

        AssertFailure(result, "timeout");
    }

    [Fact]
    public async Task SlowHandler_BeforeCommandTimeout_IsNotTimedOut()
    {
        var release = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var server = new TestServer(
            configure: o => o.CommandTimeout = TimeSpan.FromSeconds(5),
            build: b => b.AddCommand<AddArgs, int>("wait", async (_, _, _) =>
            {
                started.SetResult();
                return await release.Task;
            }));
        var client = await server.ConnectAsync();

        await client.SendCommandAsync("wait", "1");
        await started.Task.WaitAsync(TestClient.Timeout);
        server.Time.Advance(TimeSpan.FromSeconds(4.9));
        release.SetResult(7);
        var result = await client.ReceiveAsync("result");

        Assert.Equal(7, result.GetProperty("data").GetInt32());
    }

    [Fact]
    public async Task Authorizer_RefusingCommand_FailsWithForbidden_AndHandlerDoesNotRun()
    {
        var authorizer = Substitute.For<IProjectAuthorizer>();
        authorizer.CanInvokeAsync(Arg.Any<ConnectionRequest>(), "start_task", "p1", Arg.Any<CancellationToken>()).Returns(false);
        var ran = false;
        await using var server = new TestServer(
            build: b => b.AddCommand<AddArgs, int>("start_task", (_, _) =>
            {
                ran = true;
                return 1;
            }),
            services: s => s.AddSingleton(authorizer));
        var client = await server.ConnectAsync();

        var result = await client.InvokeAsync("start_task", "1", project: "p1");

        AssertFailure(result, "forbidden");
        Assert.False(ran);
    }

    [Fact]
    public async Task Authorizer_IsAskedWithCommandAndProject()
    {
        var authorizer = Substitute.For<IProjectAuthorizer>();
        authorizer.CanInvokeAsync(default!, default!, default).ReturnsForAnyArgs(true);
        await using var server = new TestServer(
            build: b => b.AddCommand<AddArgs, int>("start_task", (_, _) => 1),
            services: s => s.AddSingleton(authorizer));
        var client = await server.ConnectAsync();

        await client.InvokeAsync("start_task", "1", project: "p1");

        await authorizer.Received(1).CanInvokeAsync(Arg.Any<ConnectionRequest>(), "start_task", "p1", Arg.Any<CancellationToken>());
    }

    [Fact]
    public async Task Command_WithoutId_SendsNothingOnSuccess()
    {
        var ran = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var server = new TestServer(build: b => b.AddCommand<AddArgs, int>("fire", (_, _) =>
        {
            ran.SetResult();
            return 1;
        }));
        var client = await server.ConnectAsync();

        await client.SendCommandAsync("fire");
        await ran.Task.WaitAsync(TestClient.Timeout);
        var before = await client.BarrierAsync();

        Assert.Empty(before);
    }

    [Fact]
    public async Task FailedCommand_WithoutId_SendsError()
    {
        await using var server = new TestServer();
        var client = await server.ConnectAsync();

        await client.SendCommandAsync("start_task");
        var error = await client.ReceiveAsync("error");

        Assert.Equal("unknown_command", error.GetProperty("error").GetProperty("code").GetString());
        Assert.False(error.TryGetProperty("id", out _));
    }

    [Fact]
    public async Task Commands_WithIds_GetExactlyOneResultEach()
    {
        await using var server = new TestServer(build: b => b.AddCommand<AddArgs, int>("add", (a, _) => a.Left));
        var client = await server.ConnectAsync();

        for (var i = 0; i < 5; i++)
        {
            await client.SendCommandAsync("add", $"c{i}", args: $$"""{"left":{{i}}}""");
        }

        await client.SendCommandAsync("nope", "c5");
        var messages = await client.BarrierAsync();
        while (messages.Count < 6)
        {
            messages.AddRange(await client.BarrierAsync());
        }

        var ids = messages.Select(m => m.GetProperty("id").GetString()!).Order(StringComparer.Ordinal).ToArray();
        Assert.Equal(["c0", "c1", "c2", "c3", "c4", "c5"], ids);
        Assert.All(messages, m => Assert.Equal("result", m.GetProperty("type").GetString()));
    }

    internal static void AssertFailure(JsonElement result, string code)
    {
        Assert.Equal("result", result.GetProperty("type").GetString());
        Assert.False(result.GetProperty("ok").GetBoolean());
        Assert.Equal(code, result.GetProperty("error").GetProperty("code").GetString());
        Assert.False(string.IsNullOrEmpty(result.GetProperty("error").GetProperty("message").GetString()));
    }

    public sealed record AddArgs(int Left, int Right);

    public sealed record TitleArgs(string TaskTitle);

    public sealed record TitleResult(string UpperTitle);

    public sealed class DisposalTracker
    {
        private readonly System.Collections.Concurrent.ConcurrentQueue<int> _disposed = new();
        private readonly SemaphoreSlim _signal = new(0);
        private int _next;

        public int[] Disposed => [.. _disposed];

        public int NextInstance() => Interlocked.Increment(ref _next);

        public void OnDisposed(int instance)
        {
            _disposed.Enqueue(instance);
            _signal.Release();
        }

        /// <summary>Waits for one more disposal; <paramref name="total"/> is how many there should be then.</summary>
        public async Task WaitForDisposalsAsync(int total)
        {
            Assert.True(await _signal.WaitAsync(TestClient.Timeout), "The scoped dependency was not disposed.");
            Assert.Equal(total, _disposed.Count);
        }
    }

    public sealed class ScopedDependency(DisposalTracker tracker) : IDisposable
    {
        public int Instance { get; } = tracker.NextInstance();

        public void Dispose() => tracker.OnDisposed(Instance);
    }

    public sealed class ScopedHandler(ScopedDependency dependency) : ICommandHandler<AddArgs, int>
    {
        public ValueTask<int> HandleAsync(AddArgs args, CommandContext context, CancellationToken cancellationToken)
            => ValueTask.FromResult(dependency.Instance);
    }
}
