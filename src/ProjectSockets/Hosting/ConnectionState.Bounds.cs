namespace ProjectSockets;

internal sealed partial class ConnectionState
{
    /// <summary>
    /// How long the connection's own tasks (its receive loop, its writer) may go on once its lifetime has ended and
    /// the transport was aborted. A transport whose abort fails pending operations ends them well within it.
    /// </summary>
    internal static readonly TimeSpan AbandonGrace = TimeSpan.FromSeconds(1);

    // Cancelled AbandonGrace after the lifetime ends; started from the lifetime's own cancellation so that the grace
    // counts from the abort, however the lifetime ended (close timeout, the host's abort, shutdown, the end).
    private readonly CancellationTokenSource _abandon;

    /// <summary>Starts the grace that follows the end of the lifetime. Registered on the lifetime by the constructor.</summary>
    private void StartAbandonGrace()
    {
        try
        {
            _abandon.CancelAfter(AbandonGrace);
        }
        catch (ObjectDisposedException)
        {
            // The connection has already been released.
        }
    }

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
        if (!task.IsCompleted)
        {
            var abandoned = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            using (_abandon.Token.UnsafeRegister(static s => ((TaskCompletionSource)s!).TrySetResult(), abandoned))
            {
                await Task.WhenAny(task, abandoned.Task);
            }

            if (!task.IsCompleted)
            {
                ProjectSocketsLog.ConnectionAbandoned(_logger, Id);
                _ = task.ContinueWith(static t => _ = t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
                return false;
            }
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
    public void ReleaseAbandonTimer() => _abandon.Dispose();
}
