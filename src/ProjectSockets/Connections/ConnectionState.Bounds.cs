namespace ProjectSockets;

internal sealed partial class ConnectionState
{
    /// <summary>
    /// How long the connection's own tasks (its receive loop, its writer) may go on once its lifetime has ended and
    /// the transport was aborted. A transport whose abort fails pending operations ends them well within it.
    /// </summary>
    internal static readonly TimeSpan AbandonGrace = TimeSpan.FromSeconds(1);

    // Both exist only once the lifetime has ended or the connection is being waited for: an open connection holds
    // neither. The grace counts from the end of the lifetime however it ended (close timeout, the host's abort,
    // shutdown, the end of the connection).
    private TaskCompletionSource? _abandoned;
    private ITimer? _abandonTimer;

    private TaskCompletionSource Abandoned
        => LazyInitializer.EnsureInitialized(ref _abandoned, static () => new(TaskCreationOptions.RunContinuationsAsynchronously));

    /// <summary>
    /// Waits for one of the connection's own tasks while the connection lives, and at most <see cref="AbandonGrace"/>
    /// after its lifetime has ended. A transport whose pending send or receive survives the abort (the managed
    /// <c>HttpListener</c>'s WebSocket stream does not own its socket) cannot hold the connection: the task is
    /// abandoned, and whatever it ends with later is observed and dropped.
    /// </summary>
    /// <param name="task">The receive loop or the writer.</param>
    /// <returns><see langword="false"/> when the task was abandoned.</returns>
    public async Task<bool> WaitBoundedAsync(Task task)
    {
        if (!task.IsCompleted && await Task.WhenAny(task, Abandoned.Task) != task)
        {
            ProjectSocketsLog.ConnectionAbandoned(_logger, Id);
            _ = task.ContinueWith(static t => _ = t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);

            // Once more, in case the transport lets go of its resources late rather than never.
            Connection.Abort();
            return false;
        }

        await task;
        return true;
    }

    /// <summary>Ends the connection's lifetime at once: the transport is aborted and the grace starts.</summary>
    public void EndLifetime()
    {
        try
        {
            Lifetime.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // The connection has already been released.
        }
    }

    /// <summary>Releases the grace timer. Called once the connection has been cleaned up.</summary>
    public void ReleaseAbandonTimer() => Volatile.Read(ref _abandonTimer)?.Dispose();

    /// <summary>Runs once, when the lifetime ends: wakes the writer and starts the abandon grace.</summary>
    private void OnLifetimeEnded()
    {
        _queue.Wake();
        Volatile.Write(ref _abandonTimer, _timeProvider.CreateTimer(
            static state => ((TaskCompletionSource)state!).TrySetResult(), Abandoned, AbandonGrace, Timeout.InfiniteTimeSpan));
    }
}
