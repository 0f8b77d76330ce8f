using System.Net.WebSockets;

namespace ProjectSockets.Client.Internal;

/// <summary>
/// One live connection: the socket and its send lock, the commands waiting for a result, and its heartbeat figures.
/// The <see cref="ReceiveLoop"/> is its only reader.
/// </summary>
internal sealed class ClientSession : IDisposable
{
    private readonly SemaphoreSlim _sendLock = new(1, 1);
    private readonly CancellationTokenSource _lifetime = new();

    public ClientSession(WebSocket socket, TimeProvider timeProvider)
    {
        Socket = socket;
        Heartbeat = new SessionHeartbeat(timeProvider);
    }

    public WebSocket Socket { get; }

    /// <summary>Gets the commands of this connection waiting for their result.</summary>
    public PendingCommandTable Commands { get; } = new();

    /// <summary>Gets when the server was last heard, and the heartbeat the server asked for.</summary>
    public SessionHeartbeat Heartbeat { get; }

    /// <summary>Cancelled when the connection is given up: a silent server, disposal.</summary>
    public CancellationToken Lifetime => _lifetime.Token;

    /// <summary>Cancelled when the receive loop has ended, however the connection did: no result can arrive any more.</summary>
    public CancellationToken Ended => Commands.Ended;

    /// <summary>Completes with the connection's id when <c>welcome</c> arrives; fails if the connection ends first.</summary>
    public TaskCompletionSource<string> Welcome { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Gets or sets the receive loop; it ends when the connection does.</summary>
    public Task<SessionOutcome> Receiving { get; set; } = Task.FromResult(new SessionOutcome(null, null, null, null));

    public string? ConnectionId { get; set; }

    /// <summary>Gets or sets the server's <c>disconnected</c> message: its code, reason and advice.</summary>
    public (int Code, string Reason, bool Reconnect)? Disconnected { get; set; }

    /// <summary>Gets why the client gave the connection up, when it did.</summary>
    public string? AbortReason { get; private set; }

    /// <summary>Sends one message. The lock wait honours the token; the send itself only the connection's lifetime,
    /// since cancelling a WebSocket send aborts the socket.</summary>
    public async Task SendAsync(ReadOnlyMemory<byte> message, CancellationToken cancellationToken)
    {
        await _sendLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await Socket.SendAsync(message, WebSocketMessageType.Text, endOfMessage: true, Lifetime).ConfigureAwait(false);
        }
        finally
        {
            _sendLock.Release();
        }
    }

    /// <summary>Sends a close frame after whatever is being sent.</summary>
    public async Task CloseOutputAsync(int code, string reason, CancellationToken cancellationToken)
    {
        await _sendLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (Socket.State is WebSocketState.Open or WebSocketState.CloseReceived)
            {
                await Socket.CloseOutputAsync((WebSocketCloseStatus)code, reason, cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            _sendLock.Release();
        }
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
        Heartbeat.Dispose();
        Socket.Dispose();
    }
}
