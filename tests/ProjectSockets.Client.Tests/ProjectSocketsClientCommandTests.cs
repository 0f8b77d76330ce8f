using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using ProjectSockets.Client.Tests.Testing;

namespace ProjectSockets.Client.Tests;

/// <summary>Runs against each real host adapter: see the derived classes.</summary>
public abstract class ProjectSocketsClientCommandTests(TestHostKind host)
{
    private sealed record StartArgs(string Title);

    private sealed record StartResult(string TaskId);

    [Fact]
    public async Task InvokeAsync_ReturnsTypedResult()
    {
        await using var server = await TestServer.StartAsync(host, build: b => b.AddCommand<StartArgs, StartResult>("start_task", (args, context) => new StartResult(args.Title + "@" + context.Project)));
        await using var probe = await ClientProbe.ConnectAsync(server.Url());

        var result = await probe.Client.InvokeAsync<StartResult>("start_task", new StartArgs("build"), "p1");

        Assert.Equal(new StartResult("build@p1"), result);
    }

    [Fact]
    public async Task InvokeAsync_WithJsonTypeInfo_WritesArgsAndReadsTheResultWithTheGivenContracts()
    {
        await using var server = await TestServer.StartAsync(host, build: b => b.AddCommand(
            "start_task", ClientJsonContext.Default.SnakeArgs, ClientJsonContext.Default.SnakeResult,
            (SnakeArgs args, CommandContext context) => new SnakeResult("t1", args.TaskTitle)));
        await using var probe = await ClientProbe.ConnectAsync(server.Url());

        var result = await probe.Client.InvokeAsync(
            "start_task", new SnakeArgs("build"), ClientJsonContext.Default.SnakeArgs, ClientJsonContext.Default.SnakeResult, "p1");

        Assert.Equal(new SnakeResult("t1", "build"), result);
    }

    [Fact]
    public async Task On_WithJsonTypeInfo_ReadsTheEventDataWithTheGivenContract()
    {
        await using var server = await TestServer.StartAsync(host);
        await using var probe = await ClientProbe.ConnectAsync(server.Url());
        var received = new TaskCompletionSource<SnakeResult>(TaskCreationOptions.RunContinuationsAsynchronously);
        using var handler = probe.Client.On("task_started", ClientJsonContext.Default.SnakeResult, (_, data) => received.TrySetResult(data));
        await using var subscription = await probe.Client.SubscribeAsync("p1");

        await server.Publisher.PublishAsync("p1", "task_started", new SnakeResult("t2", "lint"), ClientJsonContext.Default.SnakeResult);

        Assert.Equal(new SnakeResult("t2", "lint"), await received.Task.WaitAsync(TimeSpan.FromSeconds(30)));
    }

    [Fact]
    public async Task InvokeAsync_HandlerFailsWithCode_ThrowsCommandExceptionWithCodeAndMessage()
    {
        await using var server = await TestServer.StartAsync(host, build: b => b.AddCommand<StartArgs, StartResult>("cancel_task", (_, _) => throw new CommandException("task_not_found", "No such task.")));
        await using var probe = await ClientProbe.ConnectAsync(server.Url());

        var exception = await Assert.ThrowsAsync<ProjectSocketsCommandException>(() => probe.Client.InvokeAsync("cancel_task", new StartArgs("x")));

        Assert.Equal("task_not_found", exception.Code);
        Assert.Equal("No such task.", exception.Message);
        Assert.Equal("cancel_task", exception.Command);
    }

    [Fact]
    public async Task InvokeAsync_UnknownCommand_ThrowsUnknownCommand()
    {
        await using var server = await TestServer.StartAsync(host);
        await using var probe = await ClientProbe.ConnectAsync(server.Url());

        var exception = await Assert.ThrowsAsync<ProjectSocketsCommandException>(() => probe.Client.InvokeAsync("nope"));

        Assert.Equal(ProtocolErrorCodes.UnknownCommand, exception.Code);
    }

    [Fact]
    public async Task InvokeAsync_NoResultWithinTimeout_ThrowsTimeoutException()
    {
        var entered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource<StartResult>(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var server = await TestServer.StartAsync(host, build: b => b.AddCommand<StartArgs, StartResult>("slow", async (_, _, _) =>
        {
            entered.TrySetResult();
            return await release.Task;
        }));
        var time = new ObservableTimeProvider();
        await using var probe = await ClientProbe.ConnectAsync(server.Url(), o => o.CommandTimeout = TimeSpan.FromSeconds(7), time);

        var invoke = probe.Client.InvokeAsync("slow", new StartArgs("x"));
        await time.WaitForTimerAsync(TimeSpan.FromSeconds(7));
        await entered.Task.WaitAsync(ClientProbe.Timeout);
        time.Advance(TimeSpan.FromSeconds(7));

        await Assert.ThrowsAsync<TimeoutException>(() => invoke);
        release.TrySetResult(new StartResult("late"));
    }

    [Fact]
    public async Task InvokeAsync_Cancelled_ThrowsOperationCanceled()
    {
        var release = new TaskCompletionSource<StartResult>(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var server = await TestServer.StartAsync(host, build: b => b.AddCommand<StartArgs, StartResult>("slow", (_, _, _) => new ValueTask<StartResult>(release.Task)));
        await using var probe = await ClientProbe.ConnectAsync(server.Url());
        using var cancellation = new CancellationTokenSource();

        var invoke = probe.Client.InvokeAsync("slow", new StartArgs("x"), cancellationToken: cancellation.Token);
        await cancellation.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => invoke);
        release.TrySetResult(new StartResult("late"));
    }

    [Fact]
    public async Task InvokeAsync_ConnectionLost_SendsCommandAgainAndItRunsOnce()
    {
        var entered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource<StartResult>(TaskCreationOptions.RunContinuationsAsynchronously);
        var runs = 0;
        await using var server = await TestServer.StartAsync(host, build: b => b.AddCommand<StartArgs, StartResult>("slow", async (_, _, _) =>
        {
            Interlocked.Increment(ref runs);
            entered.TrySetResult();
            return await release.Task;
        }));
        await using var probe = await ClientProbe.ConnectAsync(server.Url());

        var invoke = probe.Client.InvokeWithOutcomeAsync("slow", new StartArgs("x"));
        await entered.Task.WaitAsync(ClientProbe.Timeout);
        server.DropConnections();
        await probe.WaitForStateAsync(ProjectSocketsClientState.Reconnecting);
        await probe.WaitForStateAsync(ProjectSocketsClientState.Connected);
        release.TrySetResult(new StartResult("once"));
        var result = await invoke.WaitAsync(ClientProbe.Timeout);

        Assert.Equal(1, runs);
        Assert.Equal("once", result.Data.GetProperty("taskId").GetString());
        Assert.True(result.Replayed);
        Assert.Equal(2, result.Attempts);
    }

    [Fact]
    public async Task InvokeAsync_ConnectionLostAfterHandlerFailed_GetsTheRememberedFailure()
    {
        var entered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var runs = 0;
        await using var server = await TestServer.StartAsync(host, build: b => b.AddCommand<StartArgs, StartResult>("fail", async (_, _, _) =>
        {
            Interlocked.Increment(ref runs);
            entered.TrySetResult();
            await release.Task;
            throw new CommandException("task_not_found", "No such task.");
        }));
        await using var probe = await ClientProbe.ConnectAsync(server.Url());

        var invoke = probe.Client.InvokeAsync("fail", new StartArgs("x"));
        await entered.Task.WaitAsync(ClientProbe.Timeout);
        server.DropConnections();
        release.TrySetResult();
        var exception = await Assert.ThrowsAsync<ProjectSocketsCommandException>(() => invoke.WaitAsync(ClientProbe.Timeout));

        Assert.Equal(1, runs);
        Assert.Equal("task_not_found", exception.Code);
        Assert.True(exception.Replayed);
    }

    [Fact]
    public async Task InvokeAsync_ConnectionClosedForGood_FailsPendingCommandAtOnceInsteadOfWaitingToResend()
    {
        var entered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource<StartResult>(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var server = await TestServer.StartAsync(host, build: b => b.AddCommand<StartArgs, StartResult>("slow", async (_, _, _) =>
        {
            entered.TrySetResult();
            return await release.Task;
        }));
        await using var probe = await ClientProbe.ConnectAsync(server.Url());

        var invoke = probe.Client.InvokeAsync("slow", new StartArgs("x"));
        await entered.Task.WaitAsync(ClientProbe.Timeout);
        await server.Manager.DisconnectAsync(probe.Client.ConnectionId!, ProtocolCloseCodes.PolicyViolation, "test");

        // Within the wait of the test, well under the 30 s command timeout a resend would have waited for.
        await Assert.ThrowsAsync<ProjectSocketsConnectionException>(() => invoke.WaitAsync(ClientProbe.Timeout));
        release.TrySetResult(new StartResult("late"));
    }

    [Fact]
    public async Task InvokeAsync_ConnectionLostWithResendOff_FailsPendingCommandWithoutResending()
    {
        var entered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource<StartResult>(TaskCreationOptions.RunContinuationsAsynchronously);
        var runs = 0;
        await using var server = await TestServer.StartAsync(host, build: b => b.AddCommand<StartArgs, StartResult>("slow", async (_, _, _) =>
        {
            Interlocked.Increment(ref runs);
            entered.TrySetResult();
            return await release.Task;
        }));
        await using var probe = await ClientProbe.ConnectAsync(server.Url(), o => o.ResendCommandsAfterReconnect = false);

        var invoke = probe.Client.InvokeAsync("slow", new StartArgs("x"));
        await entered.Task.WaitAsync(ClientProbe.Timeout);
        server.DropConnections();

        await Assert.ThrowsAsync<ProjectSocketsConnectionException>(() => invoke);
        await probe.WaitForStateAsync(ProjectSocketsClientState.Connected);
        Assert.Equal(1, runs);
        release.TrySetResult(new StartResult("late"));
    }

    [Fact]
    public async Task InvokeAsync_WhenNotConnected_ThrowsConnectionException()
    {
        var client = new ProjectSocketsClient(new ProjectSocketsClientOptions { Url = new Uri("ws://127.0.0.1:1/ws") });
        await using var _ = client;

        await Assert.ThrowsAsync<ProjectSocketsConnectionException>(() => client.InvokeAsync("start_task"));
    }

    [Fact]
    public async Task InvokeAsync_ResultWithoutData_ReturnsDefault()
    {
        await using var server = await TestServer.StartAsync(host, build: b => b.AddCommand<StartArgs, StartResult?>("noop", (_, _) => null));
        await using var probe = await ClientProbe.ConnectAsync(server.Url());

        var data = await probe.Client.InvokeAsync("noop", new StartArgs("x"));

        Assert.Equal(JsonValueKind.Null, data.ValueKind);
        Assert.Null(await probe.Client.InvokeAsync<StartResult>("noop", new StartArgs("x")));
    }
}
