using System.Net.WebSockets;

namespace ProjectSockets.Client.Internal;

/// <summary>
/// One live connection: the socket, its send lock, the commands waiting for a result, and its heartbeat. The
/// client's receive loop is its only reader.
/// </summary>
internal sealed class ClientSession : IDisposable
{
    private readonly SemaphoreSlim _sendLock = new(1, 1);
    private readonly Dictionary<string, PendingCommand> _pending = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _lifetime = new();
    private readonly CancellationTokenSource _ended = new();
    private readonly TimeProvider _timeProvider;
    private Exception? _endedWith;
    private long _lastHeard;
    private int _dispatching;

    public ClientSession(WebSocket socket, TimeProvider timeProvider)
    {
        Socket = socket;
        _timeProvider = timeProvider;
        _lastHeard = LastPing = timeProvider.GetTimestamp();
    }

    public WebSocket Socket { get; }

    /// <summary>Cancelled when the connection is given up: a silent server, disposal.</summary>
    public CancellationToken Lifetime => _lifetime.Token;

    /// <summary>Cancelled when the receive loop has ended, however the connection did: no result can arrive any more.</summary>
    public CancellationToken Ended => _ended.Token;

    /// <summary>Completes with the connection's id when <c>welcome</c> arrives; fails if the connection ends first.</summary>
    public TaskCompletionSource<string> Welcome { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Gets or sets the receive loop; it ends when the connection does.</summary>
    public Task<SessionOutcome> Receiving { get; set; } = Task.FromResult(new SessionOutcome(null, null, null, null));

    public string? ConnectionId { get; set; }

    public TimeSpan HeartbeatInterval { get; set; }

    public TimeSpan HeartbeatTimeout { get; set; }

    public ITimer? HeartbeatTimer { get; set; }

    public long LastPing { get; set; }

    /// <summary>Gets or sets the server's <c>disconnected</c> message: its code, reason and advice.</summary>
    public (int Code, string Reason, bool Reconnect)? Disconnected { get; set; }

    /// <summary>Gets why the client gave the connection up, when it did.</summary>
    public string? AbortReason { get; private set; }

    /// <summary>Gets whether the receive loop is handing an event to the application (and may wait for it).</summary>
    public bool IsDispatching => Volatile.Read(ref _dispatching) != 0;

    public void SetDispatching(bool value) => Volatile.Write(ref _dispatching, value ? 1 : 0);

    public void MarkHeard() => Volatile.Write(ref _lastHeard, _timeProvider.GetTimestamp());

    public TimeSpan QuietFor(long now) => _timeProvider.GetElapsedTime(Volatile.Read(ref _lastHeard), now);

    /// <summary>Sends one message. The lock wait honours the token; the send itself only the connection's lifetime,
    /// since cancelling a WebSocket send aborts the socket.</summary>
    public async Task SendAsync(ReadOnlyMemory<byte> message, CancellationToken cancellationToken)
    {
        await _sendLock.WaitAsync(cancellationToken);
        try
        {
            await Socket.SendAsync(message, WebSocketMessageType.Text, endOfMessage: true, Lifetime);
        }
        finally
        {
            _sendLock.Release();
        }
    }

    /// <summary>Sends a close frame after whatever is being sent.</summary>
    public async Task CloseOutputAsync(int code, string reason, CancellationToken cancellationToken)
    {
        await _sendLock.WaitAsync(cancellationToken);
        try
        {
            if (Socket.State is WebSocketState.Open or WebSocketState.CloseReceived)
            {
                await Socket.CloseOutputAsync((WebSocketCloseStatus)code, reason, cancellationToken);
            }
        }
        finally
        {
            _sendLock.Release();
        }
    }

    /// <summary>Registers a command; fails it at once when the connection has already ended.</summary>
    public void AddPending(string id, PendingCommand command)
    {
        lock (_pending)
        {
            if (_endedWith is null)
            {
                _pending.Add(id, command);
                return;
            }
        }

        command.Fail(_endedWith);
    }

    public bool TryTakePending(string id, out PendingCommand? command)
    {
        lock (_pending)
        {
            return _pending.Remove(id, out command);
        }
    }

    /// <summary>Fails every waiting command, and every later one, with <paramref name="exception"/>, and cancels <see cref="Ended"/>.</summary>
    public void FailPending(Exception exception)
    {
        PendingCommand[] waiting;
        lock (_pending)
        {
            _endedWith ??= exception;
            waiting = [.. _pending.Values];
            _pending.Clear();
        }

        foreach (var command in waiting)
        {
            command.Fail(exception);
        }

        _ended.Cancel();
    }

    /// <summary>Gives the connection up at once; the receive loop then ends.</summary>
    public void Abort(string reason)
    {
        AbortReason ??= reason;
        try
        {
            _lifetime.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // Already over.
        }

        Socket.Abort();
    }

    public void Dispose()
    {
        HeartbeatTimer?.Dispose();
        Socket.Dispose();
    }
}
