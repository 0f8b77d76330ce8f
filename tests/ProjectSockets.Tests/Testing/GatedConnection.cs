using System.Buffers;

namespace ProjectSockets.Tests.Testing;

/// <summary>
/// Wraps the server end of an in-memory pair: while the gate is shut, a send waits until it opens, as a socket whose
/// peer stopped reading does, and fails when the connection is aborted. Receives and closes pass straight through.
/// </summary>
internal sealed class GatedConnection(IConnection inner) : IConnection
{
    private readonly object _lock = new();
    private TaskCompletionSource? _gate;
    private readonly TaskCompletionSource _aborted = NewSignal();
    private TaskCompletionSource _sendWaiting = NewSignal();

    public string Id => inner.Id;

    public ConnectionRequest Request => inner.Request;

    /// <summary>Completes when a send is waiting at the shut gate.</summary>
    public Task SendWaiting
    {
        get
        {
            lock (_lock)
            {
                return _sendWaiting.Task;
            }
        }
    }

    /// <summary>Gets the number of sends handed to the transport.</summary>
    public int SendCount => Volatile.Read(ref _sendCount);

    private int _sendCount;

    public void Shut()
    {
        lock (_lock)
        {
            _gate ??= NewSignal();
            _sendWaiting = NewSignal();
        }
    }

    public void Open()
    {
        TaskCompletionSource? gate;
        lock (_lock)
        {
            gate = _gate;
            _gate = null;
        }

        gate?.TrySetResult();
    }

    public async ValueTask SendAsync(ReadOnlyMemory<byte> utf8Message, CancellationToken cancellationToken = default)
    {
        Task? wait = null;
        lock (_lock)
        {
            if (_gate is { } gate)
            {
                _sendWaiting.TrySetResult();
                wait = gate.Task;
            }
        }

        if (wait is not null)
        {
            await Task.WhenAny(wait, _aborted.Task).WaitAsync(cancellationToken);
            if (!wait.IsCompleted)
            {
                throw new IOException("The connection was aborted.");
            }
        }

        Interlocked.Increment(ref _sendCount);
        await inner.SendAsync(utf8Message, cancellationToken);
    }

    public ValueTask<ReceiveResult> ReceiveAsync(IBufferWriter<byte> destination, int maxMessageBytes, CancellationToken cancellationToken = default)
        => inner.ReceiveAsync(destination, maxMessageBytes, cancellationToken);

    public ValueTask CloseAsync(int closeCode, string reason, CancellationToken cancellationToken = default)
        => inner.CloseAsync(closeCode, reason, cancellationToken);

    public void Abort()
    {
        _aborted.TrySetResult();
        inner.Abort();
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
