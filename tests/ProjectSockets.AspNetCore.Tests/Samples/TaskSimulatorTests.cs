using System.Threading.Channels;
using AgentDashboard;
using AgentDashboard.Tasks;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using ProjectSockets.AspNetCore.Tests.Testing;

namespace ProjectSockets.AspNetCore.Tests.Samples;

/// <summary>The simulated agent, on fake time: one step per <c>StepDelayMs</c>.</summary>
public sealed class TaskSimulatorTests
{
    private static readonly TimeSpan Step = TimeSpan.FromMilliseconds(500);
    private readonly FakeTimeProvider _time = new();
    private readonly RecordingPublisher _publisher = new();

    [Fact]
    public async Task Start_AdvancingOneStepAtATime_PublishesEachStepInOrder()
    {
        await using var simulator = CreateSimulator();

        var taskId = simulator.Start("p1", "build");
        var published = new List<string> { (await _publisher.NextAsync()).EventName };
        while (published[^1] != "task_completed")
        {
            _time.Advance(Step);
            published.Add((await _publisher.NextAsync()).EventName);
        }

        Assert.StartsWith("t-", taskId, StringComparison.Ordinal);
        Assert.Equal(
            ["task_started", "agent_output", "agent_output", "agent_output", "gate_running", "signal_detected", "task_completed"],
            published);
    }

    [Fact]
    public async Task Cancel_ARunningTask_PublishesTaskCancelled()
    {
        await using var simulator = CreateSimulator();
        var taskId = simulator.Start("p1", "build");
        await _publisher.NextAsync();

        var cancelled = await simulator.CancelAsync("p1", taskId);
        var published = await _publisher.NextAsync();

        Assert.True(cancelled);
        Assert.Equal(("p1", "task_cancelled"), (published.Project, published.EventName));
    }

    [Fact]
    public async Task Cancel_OnAnotherProject_FindsNoTask()
    {
        await using var simulator = CreateSimulator();
        var taskId = simulator.Start("p1", "build");

        var cancelled = await simulator.CancelAsync("p2", taskId);

        Assert.False(cancelled);
    }

    private TaskSimulator CreateSimulator()
        => new(_publisher, _time, Options.Create(new SampleOptions { StepDelayMs = (int)Step.TotalMilliseconds }), NullLogger<TaskSimulator>.Instance);

    private sealed class RecordingPublisher : IProjectEventPublisher
    {
        private readonly Channel<(string Project, string EventName)> _published = Channel.CreateUnbounded<(string, string)>();
        private long _seq;

        public ValueTask<PublishResult> PublishAsync(string project, string eventName, object? data, CancellationToken cancellationToken = default)
        {
            _published.Writer.TryWrite((project, eventName));
            return ValueTask.FromResult(new PublishResult(project, Interlocked.Increment(ref _seq), "epoch", 0));
        }

        public ValueTask<PublishResult> PublishAsync<T>(
            string project, string eventName, T data, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> jsonTypeInfo, CancellationToken cancellationToken = default)
            => PublishAsync(project, eventName, (object?)data, cancellationToken);

        public async Task<(string Project, string EventName)> NextAsync()
            => await _published.Reader.ReadAsync().AsTask().WaitAsync(KestrelHost.Timeout);
    }
}
