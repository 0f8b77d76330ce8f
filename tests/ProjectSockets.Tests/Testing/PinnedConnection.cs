using System.Buffers;

namespace ProjectSockets.Tests.Testing;

/// <summary>
/// Wraps the server end of an in-memory pair as a transport that cannot be broken: once pinned, a send never
/// completes, and no receive ever ends by cancellation or abort, as with a socket the transport does not own (the
/// managed HttpListener's WebSocket stream). Only the client's own messages end a receive.
/// </summary>
internal sealed class PinnedConnection(IConnection inner) : IConnection
{
    private readonly TaskCompletionSource _sendPinned = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _never = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private volatile bool _pinned;

    public string Id => inner.Id;

    public ConnectionRequest Request => inner.Request;

    /// <summary>Completes when a send is waiting for ever.</summary>
    public Task SendPinned => _sendPinned.Task;

    /// <summary>Gets how many times the core aborted the connection.</summary>
    public int AbortCount => Volatile.Read(ref _abortCount);

    private int _abortCount;

    /// <summary>Makes every later send wait for ever.</summary>
    public void Pin() => _pinned = true;

    public async ValueTask SendAsync(ReadOnlyMemory<byte> utf8Message, CancellationToken cancellationToken = default)
    {
        if (_pinned)
        {
            _sendPinned.TrySetResult();
            await _never.Task;
        }

        await inner.SendAsync(utf8Message, CancellationToken.None);
    }

    public ValueTask<ReceiveResult> ReceiveAsync(IBufferWriter<byte> destination, int maxMessageBytes, CancellationToken cancellationToken = default)
        => inner.ReceiveAsync(destination, maxMessageBytes, CancellationToken.None);

    public ValueTask CloseAsync(int closeCode, string reason, CancellationToken cancellationToken = default)
        => _pinned ? new ValueTask(_never.Task) : inner.CloseAsync(closeCode, reason, CancellationToken.None);

    public void Abort() => Interlocked.Increment(ref _abortCount);

    /// <summary>Really ends the in-memory connection, so that its client sees the end (for the test's cleanup).</summary>
    public void Release() => inner.Abort();
}
