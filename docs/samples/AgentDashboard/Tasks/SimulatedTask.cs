namespace AgentDashboard.Tasks;

/// <summary>One running simulated task: its timer, its cancellation, and the gate that keeps its events in order.</summary>
internal sealed class SimulatedTask(string project, string taskId, string title, PeriodicTimer timer) : IDisposable
{
    public string Project { get; } = project;

    public string TaskId { get; } = taskId;

    public string Title { get; } = title;

    public PeriodicTimer Timer { get; } = timer;

    public CancellationTokenSource Cancellation { get; } = new();

    /// <summary>Held while an event of this task is published, so a cancel never lands between two steps' checks.</summary>
    public SemaphoreSlim Gate { get; } = new(1, 1);

    /// <summary>Gets or sets whether the task has ended (completed or cancelled); only changed under <see cref="Gate"/>.</summary>
    public bool Ended { get; set; }

    /// <summary>Stops the timer. The gate and the cancellation source hold no unmanaged resources (no wait handle, no
    /// timer) and a concurrent cancel may still be using them, so they are left to the garbage collector.</summary>
    public void Dispose() => Timer.Dispose();
}
