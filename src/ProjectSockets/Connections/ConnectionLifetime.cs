using Microsoft.Extensions.Logging;

namespace ProjectSockets;

/// <summary>
/// A connection's lifetime and its bounds: the token that ends it (the host's abort, the close timeout, shutdown, the
/// end of the connection), the abandon grace that bounds every wait once it has ended, and its completion.
/// </summary>
internal sealed class ConnectionLifetime
{
    /// <summary>
    /// How long the connection's own tasks (its receive loop, its writer) may go on once its lifetime has ended and
    /// the transport was aborted. A transport whose abort fails pending operations ends them well within it.
    /// </summary>
    internal static readonly TimeSpan AbandonGrace = TimeSpan.FromSeconds(1);

    private readonly IConnection _connection;
    private readonly SendQueue _queue;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly TimeSpan _closeTimeout;
    private readonly TaskCompletionSource _completed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    // Both exist only once the lifetime has ended or the connection is being waited for: an open connection holds
    // neither. The grace counts from the end of the lifetime however it ended (close timeout, the host's abort,
    // shutdown, the end of the connection).
    private TaskCompletionSource? _abandoned;
    private ITimer? _abandonTimer;

    public ConnectionLifetime(IConnection connection, SendQueue queue, TimeSpan closeTimeout, TimeProvider timeProvider, ILogger logger, CancellationToken aborted)
    {
        _connection = connection;
        _queue = queue;
        _closeTimeout = closeTimeout;
        _timeProvider = timeProvider;
        _logger = logger;
        Source = new CancellationTokenSource(Timeout.InfiniteTimeSpan, timeProvider);
        AbortRegistration = aborted.Register(static state => ((ConnectionLifetime)state!).Source.Cancel(), this);

        // The writer waits on the queue without a token; however the lifetime ends (abort, close timeout, the end of
        // the receive loop), the writer must wake to see it, and the abandon grace starts (see WaitBoundedAsync).
        Source.Token.UnsafeRegister(static state => ((ConnectionLifetime)state!).OnLifetimeEnded(), this);
    }

    /// <summary>Cancelled when the connection must stop at once: a close that took too long, or the end.</summary>
    public CancellationTokenSource Source { get; }

    public CancellationTokenRegistration AbortRegistration { get; }

    /// <summary>Gets the logger of the manager the connection belongs to.</summary>
    public ILogger Logger => _logger;

    public Task Completed => _completed.Task;

    public void MarkCompleted() => _completed.TrySetResult();

    /// <summary>Ends the lifetime once the close timeout has passed, unless it ends sooner.</summary>
    public void EndAfterCloseTimeout()
    {
        try
        {
            Source.CancelAfter(_closeTimeout);
        }
        catch (ObjectDisposedException)
        {
            // The connection has already ended.
        }
    }

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
        if (!task.IsCompleted && await Task.WhenAny(task, Abandoned.Task).ConfigureAwait(false) != task)
        {
            ProjectSocketsLog.ConnectionAbandoned(_logger, _connection.Id);
            _ = task.ContinueWith(static t => _ = t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);

            // Once more, in case the transport lets go of its resources late rather than never.
            _connection.Abort();
            return false;
        }

        await task.ConfigureAwait(false);
        return true;
    }

    /// <summary>Ends the connection's lifetime at once: the transport is aborted and the grace starts.</summary>
    public void EndLifetime()
    {
        try
        {
            Source.Cancel();
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
        ProjectSocketsLog.ConnectionLifetimeEnded(_logger, _connection.Id, AbandonGrace);
    }
}
