using System.Text.Json;
using ProjectSockets.AspNetCore.Tests.Testing;

namespace ProjectSockets.AspNetCore.Tests.Samples;

/// <summary>The sample's commands, driven over a real WebSocket.</summary>
public sealed class AgentCommandsTests
{
    [Fact]
    public async Task StartTask_PublishesTheTaskLifecycleEndingInTaskCompleted()
    {
        await using var host = await AgentDashboardHost.StartAsync();
        var client = await host.ConnectAsync("/ws/demo");

        var result = await client.InvokeAsync("start_task", "1", "demo", """{"title":"Fix the build"}""");
        var taskId = result.GetProperty("data").GetProperty("taskId").GetString();
        var events = new List<JsonElement>();
        do
        {
            events.Add(await client.ReceiveAsync("event"));
        }
        while (events[^1].GetProperty("event").GetString() != "task_completed");

        Assert.True(result.GetProperty("ok").GetBoolean());
        Assert.Equal(
            ["task_started", "agent_output", "agent_output", "agent_output", "gate_running", "signal_detected", "task_completed"],
            events.Select(e => e.GetProperty("event").GetString()));
        Assert.All(events, e => Assert.Equal(taskId, e.GetProperty("data").GetProperty("taskId").GetString()));
        Assert.Equal(Enumerable.Range(1, events.Count).Select(i => (long)i), events.Select(e => e.GetProperty("seq").GetInt64()));
        Assert.Equal("Fix the build", events[0].GetProperty("data").GetProperty("title").GetString());
    }

    [Fact]
    public async Task CancelExecution_OfARunningTask_PublishesTaskCancelled()
    {
        // Steps far apart: the task is still running when it is cancelled.
        await using var host = await AgentDashboardHost.StartAsync("--Sample:StepDelayMs=600000");
        var client = await host.ConnectAsync("/ws/demo");
        var started = await client.InvokeAsync("start_task", "1", "demo", """{"title":"Long job"}""");
        var taskId = started.GetProperty("data").GetProperty("taskId").GetString();
        await client.ReceiveEventAsync("task_started");

        var result = await client.InvokeAsync("cancel_execution", "2", "demo", JsonSerializer.Serialize(new { taskId }));
        var cancelled = await client.ReceiveEventAsync("task_cancelled");

        Assert.True(result.GetProperty("ok").GetBoolean());
        Assert.True(result.GetProperty("data").GetProperty("cancelled").GetBoolean());
        Assert.Equal(taskId, cancelled.GetProperty("data").GetProperty("taskId").GetString());
    }

    [Fact]
    public async Task CancelExecution_OfAnUnknownTask_FailsWithTaskNotFound()
    {
        await using var host = await AgentDashboardHost.StartAsync();
        var client = await host.ConnectAsync("/ws/demo");

        var result = await client.InvokeAsync("cancel_execution", "1", "demo", """{"taskId":"t-nope"}""");

        Assert.False(result.GetProperty("ok").GetBoolean());
        Assert.Equal("task_not_found", result.GetProperty("error").GetProperty("code").GetString());
    }

    [Fact]
    public async Task CreateBranch_PublishesBranchCreated()
    {
        await using var host = await AgentDashboardHost.StartAsync();
        var client = await host.ConnectAsync("/ws/demo");

        var result = await client.InvokeAsync("create_branch", "1", "demo", """{"name":"feature/live"}""");
        var created = await client.ReceiveEventAsync("branch_created");

        Assert.Equal("feature/live", result.GetProperty("data").GetProperty("name").GetString());
        Assert.Equal("feature/live", created.GetProperty("data").GetProperty("name").GetString());
        Assert.Equal("demo", created.GetProperty("project").GetString());
    }

    [Theory]
    [InlineData("start_task", "{}")]
    [InlineData("start_task", """{"title":"   "}""")]
    [InlineData("create_branch", """{"name":"has space"}""")]
    [InlineData("cancel_execution", "{}")]
    public async Task Command_WithMissingOrBadArguments_FailsWithInvalidArgs(string command, string args)
    {
        await using var host = await AgentDashboardHost.StartAsync();
        var client = await host.ConnectAsync("/ws/demo");

        var result = await client.InvokeAsync(command, "1", "demo", args);

        Assert.Equal("invalid_args", result.GetProperty("error").GetProperty("code").GetString());
    }

    [Fact]
    public async Task StartTask_WithoutProject_FailsWithProjectRequired()
    {
        await using var host = await AgentDashboardHost.StartAsync();
        var client = await host.ConnectAsync("/ws");

        var result = await client.InvokeAsync("start_task", "1", args: """{"title":"x"}""");

        Assert.Equal("project_required", result.GetProperty("error").GetProperty("code").GetString());
    }
}
