using Microsoft.Extensions.Logging;

namespace ProjectSockets;

/// <summary>
/// One connection as the manager's parts see it: the transport, its bounded send queue and writer, its lifetime, how
/// it is closing, and the per-connection parts of the other jobs (subscriptions, command budget, heartbeat).
/// </summary>
internal sealed class ConnectionState
{
    /// <summary>
    /// How long the connection's own tasks (its receive loop, its writer) may go on once its lifetime has ended and
    /// the transport was aborted (see <see cref="ConnectionLifetime"/>).
    /// </summary>
    internal static readonly TimeSpan AbandonGrace = ConnectionLifetime.AbandonGrace;

    private readonly SendQueue _queue;
    private readonly SendQueueBudget _budget;
    private readonly ConnectionWriter _writer;
    private readonly ConnectionLifetime _lifetime;
    private CloseRequest? _close;

    public ConnectionState(IConnection connection, ProjectSocketsOptions options, TimeProvider timeProvider, ILogger logger, SendQueueWaker waker, ProjectSocketsMetrics metrics, CancellationToken aborted)
    {
        Connection = connection;
        _queue = new SendQueue(waker);
        _budget = new SendQueueBudget(options.SendQueue);
        _writer = new ConnectionWriter(this, _queue, _budget, options.SendQueue.MaxBatchBytes, metrics, logger);
        _lifetime = new ConnectionLifetime(connection, _queue, options.CloseTimeout, timeProvider, logger, aborted);
        Heartbeat = new ConnectionHeartbeat(options.Heartbeat, timeProvider);
        Limits = new CommandRateLimiter(options, timeProvider);
        Credentials = new CredentialLifetime(this, options.CredentialExpiryWarning, timeProvider);
    }

    public IConnection Connection { get; }

    public string Id => Connection.Id;

    /// <summary>Gets the request the connection's credentials are in now: the handshake's, or the last refresh's.</summary>
    public ConnectionRequest Request => Credentials.Request;

    /// <summary>Gets the connection's credentials over time: a refresh, the expiry and its timer.</summary>
    public CredentialLifetime Credentials { get; }

    /// <summary>Gets the logger of the manager this connection belongs to.</summary>
    public ILogger Logger => _lifetime.Logger;

    /// <summary>Gets the instruments of the manager this connection belongs to (held by its writer, which records the most).</summary>
    public ProjectSocketsMetrics Metrics => _writer.Metrics;

    /// <summary>Gets the projects this connection follows.</summary>
    public ConnectionSubscriptions Subscriptions { get; } = new();

    /// <summary>Gets the connection's command rate and policy-close budgets.</summary>
    public CommandRateLimiter Limits { get; }

    /// <summary>Gets when the client was last heard and pinged.</summary>
    public ConnectionHeartbeat Heartbeat { get; }

    /// <summary>Cancelled when the connection must stop at once: a close that took too long, or the end.</summary>
    public CancellationTokenSource Lifetime => _lifetime.Source;

    public CancellationTokenRegistration AbortRegistration => _lifetime.AbortRegistration;

    public Task Completed => _lifetime.Completed;

    public bool IsClosing => Volatile.Read(ref _close) is not null;

    /// <summary>Gets how the connection was asked to close, once it was.</summary>
    public CloseRequest? Close => Volatile.Read(ref _close);

    public int CloseCode => Close?.Code ?? ProtocolCloseCodes.Normal;

    /// <summary>Gets how many queued messages count against the bound (replayed events do not).</summary>
    public int QueuedMessages => _budget.Messages;

    /// <summary>Gets how many queued bytes count against the bound.</summary>
    public long QueuedBytes => _budget.Bytes;

    public void MarkCompleted() => _lifetime.MarkCompleted();

    /// <summary>Queues a message. A counted message that would overflow the queue closes the connection with 4001.</summary>
    /// <returns><see langword="false"/> when the message was not queued.</returns>
    public bool TryEnqueue(ReadOnlyMemory<byte> message, bool counted = true)
    {
        if (counted && !_budget.TryReserve(message.Length))
        {
            if (RequestClose(ProtocolCloseCodes.SlowConsumer, "slow consumer", sendDisconnected: true, discardPending: true))
            {
                Metrics.Connections.SlowConsumerClosed();
                ProjectSocketsLog.SlowConsumer(Logger, Id);
            }

            return false;
        }

        if (_queue.TryWrite(new OutboundMessage(message, counted)))
        {
            return true;
        }

        if (counted)
        {
            _budget.Release(1, message.Length);
        }

        return false;
    }

    /// <summary>
    /// Answers a client <c>ping</c>. Pings take no command token; instead, at most one <c>pong</c> waits in the send
    /// queue (outside its bound), so a client that floods pings but reads gets fewer pongs, never a 4001.
    /// </summary>
    public bool TryEnqueuePong() => _queue.TryWritePong(ProtocolWriter.Pong);

    /// <summary>
    /// Starts closing once: the writer sends what is queued (unless <paramref name="discardPending"/>), then
    /// <c>disconnected</c> when asked, then the close frame. A close that outlasts the close timeout aborts.
    /// </summary>
    /// <returns><see langword="true"/> for the call that started the close.</returns>
    public bool RequestClose(int code, string reason, bool sendDisconnected, bool discardPending)
    {
        if (Interlocked.CompareExchange(ref _close, new CloseRequest(code, reason, sendDisconnected, discardPending), null) is not null)
        {
            return false;
        }

        _queue.Complete();
        _lifetime.EndAfterCloseTimeout();
        return true;
    }

    /// <summary>Lets an idle connection's send queue drop its arrays. Called at every heartbeat tick.</summary>
    public void TrimSendQueue() => _queue.Trim();

    /// <inheritdoc cref="ConnectionWriter.RunWriterAsync"/>
    public Task RunWriterAsync() => _writer.RunWriterAsync();

    /// <inheritdoc cref="ConnectionLifetime.WaitBoundedAsync"/>
    public Task<bool> WaitBoundedAsync(Task task) => _lifetime.WaitBoundedAsync(task);

    /// <inheritdoc cref="ConnectionLifetime.EndLifetime"/>
    public void EndLifetime() => _lifetime.EndLifetime();

    /// <inheritdoc cref="ConnectionLifetime.ReleaseAbandonTimer"/>
    public void ReleaseAbandonTimer() => _lifetime.ReleaseAbandonTimer();

    /// <summary>Gets the projects this connection follows.</summary>
    public string[] GetProjects() => Subscriptions.GetProjects();
}
