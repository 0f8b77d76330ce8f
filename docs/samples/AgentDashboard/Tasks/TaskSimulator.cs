using System.Collections.Concurrent;
using System.Security.Cryptography;
using Microsoft.Extensions.Options;
using ProjectSockets;

namespace AgentDashboard.Tasks;

/// <summary>
/// Pretends an AI agent works on a task: <c>task_started</c>, a few <c>agent_output</c> lines, <c>gate_running</c>,
/// <c>signal_detected</c>, then <c>task_completed</c>, one step per <see cref="SampleOptions.StepDelayMs"/>, or
/// <c>task_cancelled</c> when cancelled first. Time goes through <see cref="TimeProvider"/>, so tests can drive it.
/// </summary>
internal sealed class TaskSimulator : IAsyncDisposable
{
    private static readonly string[] s_outputLines =
    [
        "Reading the repository layout",
        "Planning the change",
        "Editing files",
    ];

    private readonly ConcurrentDictionary<(string Project, string TaskId), SimulatedTask> _tasks = new();
    private readonly IProjectEventPublisher _publisher;
    private readonly TimeProvider _timeProvider;
    private readonly TimeSpan _stepDelay;
    private readonly ILogger<TaskSimulator> _logger;

    public TaskSimulator(IProjectEventPublisher publisher, TimeProvider timeProvider, IOptions<SampleOptions> options, ILogger<TaskSimulator> logger)
    {
        _publisher = publisher;
        _timeProvider = timeProvider;
        _stepDelay = TimeSpan.FromMilliseconds(options.Value.StepDelayMs);
        _logger = logger;
    }

    /// <summary>Gets how many tasks are running.</summary>
    public int RunningCount => _tasks.Count;

    /// <summary>Starts a task; its events follow on the project.</summary>
    /// <returns>The new task's id.</returns>
    public string Start(string project, string title)
    {
        var taskId = "t-" + RandomNumberGenerator.GetHexString(12, lowercase: true);

        // The timer exists before Start returns: a test that advances fake time right after gets the first step.
        var task = new SimulatedTask(project, taskId, title, new PeriodicTimer(_stepDelay, _timeProvider));
        _tasks[(project, taskId)] = task;
        SampleLog.TaskStarted(_logger, taskId, project);
        _ = RunAsync(task);
        return taskId;
    }

    /// <summary>Cancels a running task and publishes <c>task_cancelled</c>.</summary>
    /// <returns><see langword="false"/> when no such task is running on that project.</returns>
    public async Task<bool> CancelAsync(string project, string taskId, CancellationToken cancellationToken = default)
    {
        if (!_tasks.TryGetValue((project, taskId), out var task))
        {
            return false;
        }

        await task.Gate.WaitAsync(cancellationToken);
        try
        {
            if (task.Ended)
            {
                return false;
            }

            task.Ended = true;
            await task.Cancellation.CancelAsync();
            await _publisher.PublishAsync(project, "task_cancelled", new { taskId, task.Title }, CancellationToken.None);
        }
        finally
        {
            task.Gate.Release();
        }

        SampleLog.TaskCancelled(_logger, taskId, project);
        return true;
    }

    /// <summary>Stops every running task without publishing anything more.</summary>
    public async ValueTask DisposeAsync()
    {
        foreach (var task in _tasks.Values)
        {
            await task.Cancellation.CancelAsync();
        }
    }

    private async Task RunAsync(SimulatedTask task)
    {
        var token = task.Cancellation.Token;
        try
        {
            await PublishStepAsync(task, "task_started", new { task.TaskId, task.Title });
            foreach (var line in s_outputLines)
            {
                await NextStepAsync(task, token);
                await PublishStepAsync(task, "agent_output", new { task.TaskId, line });
            }

            await NextStepAsync(task, token);
            await PublishStepAsync(task, "gate_running", new { task.TaskId, gate = "tests" });
            await NextStepAsync(task, token);
            await PublishStepAsync(task, "signal_detected", new { task.TaskId, signal = "tests_passed" });
            await NextStepAsync(task, token);
            await PublishStepAsync(task, "task_completed", new { task.TaskId, task.Title, status = "completed" }, last: true);
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
            // Cancelled: CancelAsync has published task_cancelled, or the app is stopping.
        }
        catch (Exception exception)
        {
            SampleLog.TaskFailed(_logger, task.TaskId, task.Project, exception);
        }
        finally
        {
            _tasks.TryRemove(new KeyValuePair<(string, string), SimulatedTask>((task.Project, task.TaskId), task));
            task.Dispose();
        }
    }

    private static async Task NextStepAsync(SimulatedTask task, CancellationToken token)
    {
        if (!await task.Timer.WaitForNextTickAsync(token))
        {
            throw new OperationCanceledException(token);
        }
    }

    /// <summary>Publishes one step unless the task has ended; throws when it has, which ends the run.</summary>
    private async Task PublishStepAsync(SimulatedTask task, string eventName, object data, bool last = false)
    {
        var token = task.Cancellation.Token;
        await task.Gate.WaitAsync(token);
        try
        {
            token.ThrowIfCancellationRequested();
            task.Ended = last;
            await _publisher.PublishAsync(task.Project, eventName, data, CancellationToken.None);
        }
        finally
        {
            task.Gate.Release();
        }
    }
}
