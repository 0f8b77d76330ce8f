using Microsoft.Extensions.DependencyInjection;
using ProjectSockets.Tests.Testing;

namespace ProjectSockets.Tests.Diagnostics;

/// <summary>The command instruments of the <c>ProjectSockets</c> meter: duration by registered name and outcome, rate limiting.</summary>
public sealed class CommandMetricsTests
{
    [Fact]
    public async Task HostCommand_RecordsItsDuration_WithNameAndSuccess()
    {
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var server = new TestServer(build: b => b.AddCommand<object?, string>("start_task", async (_, _, _) =>
        {
            started.SetResult();
            await release.Task;
            return "started";
        }));
        using var duration = server.Collect<double>("projectsockets.server.command.duration");
        var client = await server.ConnectAsync();

        await client.SendCommandAsync("start_task", "1");
        await started.Task.WaitAsync(TestClient.Timeout);
        server.Time.Advance(TimeSpan.FromSeconds(2));
        release.SetResult();
        await client.ReceiveAsync("result");

        var recorded = Assert.Single(await duration.WaitAsync(1));
        Assert.Equal(2, recorded.Value);
        Assert.Equal("start_task", recorded.Tag("projectsockets.command.name"));
        Assert.Equal("success", recorded.Tag("projectsockets.command.outcome"));
        Assert.Equal("s", duration.Instrument!.Unit);
    }

    [Fact]
    public async Task FailingCommand_RecordsItsErrorCodeAsOutcome()
    {
        await using var server = new TestServer(build: b => b.AddCommand<object?, string>("cancel_execution", (_, _) => throw new CommandException("task_not_found", "No such task.")));
        using var duration = server.Collect<double>("projectsockets.server.command.duration");
        var client = await server.ConnectAsync();

        await client.InvokeAsync("cancel_execution", "1");

        var recorded = Assert.Single(await duration.WaitAsync(1));
        Assert.Equal("cancel_execution", recorded.Tag("projectsockets.command.name"));
        Assert.Equal("task_not_found", recorded.Tag("projectsockets.command.outcome"));
    }

    [Fact]
    public async Task UnknownCommand_IsRecordedUnderOther_NeverUnderTheClientsName()
    {
        await using var server = new TestServer();
        using var duration = server.Collect<double>("projectsockets.server.command.duration");
        var client = await server.ConnectAsync();

        await client.InvokeAsync("made_up_by_the_client", "1");

        var recorded = Assert.Single(await duration.WaitAsync(1));
        Assert.Equal("_OTHER", recorded.Tag("projectsockets.command.name"));
        Assert.Equal("unknown_command", recorded.Tag("projectsockets.command.outcome"));
    }

    [Fact]
    public async Task RateLimitedCommands_AreCounted()
    {
        await using var server = new TestServer(o =>
        {
            o.CommandRate.BurstLimit = 2;
            o.CommandRate.TokensPerSecond = 1;
        });
        using var limited = server.Collect<long>("projectsockets.server.commands.rate_limited");
        var client = await server.ConnectAsync();

        for (var i = 0; i < 4; i++)
        {
            await client.InvokeAsync("unsubscribe", $"{i}", "p1");
        }

        Assert.Equal(2, limited.Sum());
        Assert.Equal("{command}", limited.Instrument!.Unit);
    }
}
