using Microsoft.Extensions.Logging;

namespace ProjectSockets;

/// <summary>
/// Everything the manager keeps for one connection: its bounded send queue and writer, its subscriptions, its
/// heartbeat, rate and error counters, and how it is closing.
/// </summary>
internal sealed partial class ConnectionState
{
    private readonly SendQueue _queue;
    private readonly Dictionary<string, EventFilter> _subscriptions = new(StringComparer.Ordinal);
    private readonly ProjectSocketsOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;

    /// <summary>Gets the logger of the manager this connection belongs to.</summary>
    public ILogger Logger => _logger;
    private readonly TaskCompletionSource _completed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _queuedMessages;
    private long _queuedBytes;
    private long _lastHeard;
    private long _lastPing;
    private int _closeRequested;
    private double _tokens;
    private long _lastRefill;
    private long _windowStart;
    private int _protocolErrors;
    private int _rateLimitedAnswers;

    public ConnectionState(IConnection connection, ProjectSocketsOptions options, TimeProvider timeProvider, ILogger logger, SendQueueWaker waker, CancellationToken aborted)
    {
        Connection = connection;
        Waker = waker;
        _queue = new SendQueue(waker);
        _options = options;
        _timeProvider = timeProvider;
        _logger = logger;
        Lifetime = new CancellationTokenSource(Timeout.InfiniteTimeSpan, timeProvider);
        AbortRegistration = aborted.Register(static state => ((ConnectionState)state!).Lifetime.Cancel(), this);

        // The writer waits on the queue without a token; however the lifetime ends (abort, close timeout, the end of
        // the receive loop), the writer must wake to see it, and the abandon grace starts (see WaitBoundedAsync).
        Lifetime.Token.UnsafeRegister(static state => ((ConnectionState)state!).OnLifetimeEnded(), this);
        _lastHeard = _lastPing = _lastRefill = _windowStart = timeProvider.GetTimestamp();
        _tokens = options.CommandRate.BurstLimit;
    }

    public IConnection Connection { get; }

    /// <summary>Gets the waker of the manager this connection belongs to.</summary>
    public SendQueueWaker Waker { get; }

    public string Id => Connection.Id;

    public ConnectionRequest Request => Connection.Request;

    /// <summary>Cancelled when the connection must stop at once: a close that took too long, or the end.</summary>
    public CancellationTokenSource Lifetime { get; }

    public CancellationTokenRegistration AbortRegistration { get; }

    public Task Completed => _completed.Task;

    public bool IsClosing => Volatile.Read(ref _closeRequested) != 0;

    /// <summary>Gets how many queued messages count against the bound (replayed events do not).</summary>
    public int QueuedMessages => Volatile.Read(ref _queuedMessages);

    /// <summary>Gets how many queued bytes count against the bound.</summary>
    public long QueuedBytes => Interlocked.Read(ref _queuedBytes);

    public int CloseCode { get; private set; } = ProtocolCloseCodes.Normal;

    private string CloseReason { get; set; } = string.Empty;

    private bool SendDisconnected { get; set; }

    private bool DiscardPending { get; set; }

    public void MarkCompleted() => _completed.TrySetResult();

    /// <summary>Queues a message. A counted message that would overflow the queue closes the connection with 4001.</summary>
    /// <returns><see langword="false"/> when the message was not queued.</returns>
    public bool TryEnqueue(ReadOnlyMemory<byte> message, bool counted = true)
    {
        if (counted)
        {
            var messages = Interlocked.Increment(ref _queuedMessages);
            var bytes = Interlocked.Add(ref _queuedBytes, message.Length);
            if (messages > _options.SendQueue.MaxMessages || bytes > _options.SendQueue.MaxBytes)
            {
                Interlocked.Decrement(ref _queuedMessages);
                Interlocked.Add(ref _queuedBytes, -message.Length);
                if (RequestClose(ProtocolCloseCodes.SlowConsumer, "slow consumer", sendDisconnected: true, discardPending: true))
                {
                    ProjectSocketsLog.SlowConsumer(_logger, Id);
                }

                return false;
            }
        }

        if (_queue.TryWrite(new OutboundMessage(message, counted)))
        {
            return true;
        }

        if (counted)
        {
            Interlocked.Decrement(ref _queuedMessages);
            Interlocked.Add(ref _queuedBytes, -message.Length);
        }

        return false;
    }

    /// <summary>
    /// Starts closing once: the writer sends what is queued (unless <paramref name="discardPending"/>), then
    /// <c>disconnected</c> when asked, then the close frame. A close that outlasts the close timeout aborts.
    /// </summary>
    /// <returns><see langword="true"/> for the call that started the close.</returns>
    public bool RequestClose(int code, string reason, bool sendDisconnected, bool discardPending)
    {
        if (Interlocked.CompareExchange(ref _closeRequested, 1, 0) != 0)
        {
            return false;
        }

        CloseCode = code;
        CloseReason = reason;
        SendDisconnected = sendDisconnected;
        DiscardPending = discardPending;
        _queue.Complete();
        try
        {
            Lifetime.CancelAfter(_options.CloseTimeout);
        }
        catch (ObjectDisposedException)
        {
            // The connection has already ended.
        }

        return true;
    }

    /// <summary>Lets an idle connection's send queue drop its arrays. Called at every heartbeat tick.</summary>
    public void TrimSendQueue() => _queue.Trim();
}
