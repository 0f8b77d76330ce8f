using System.Buffers;

namespace ProjectSockets.Tests.Testing;

/// <summary>Wraps the server end of an in-memory pair and makes its transport throw on demand.</summary>
internal sealed class FaultingConnection(IConnection inner) : IConnection
{
    private readonly TaskCompletionSource _receiveFault = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private volatile Exception? _sendFault;

    public string Id => inner.Id;

    public ConnectionRequest Request => inner.Request;

    /// <summary>Makes the pending and every later receive throw <paramref name="exception"/>.</summary>
    public void FailReceive(Exception exception) => _receiveFault.TrySetException(exception);

    /// <summary>Makes every later send throw <paramref name="exception"/>.</summary>
    public void FailSend(Exception exception) => _sendFault = exception;

    public ValueTask SendAsync(ReadOnlyMemory<byte> utf8Message, CancellationToken cancellationToken = default)
        => _sendFault is { } fault ? ValueTask.FromException(fault) : inner.SendAsync(utf8Message, cancellationToken);

    public async ValueTask<ReceiveResult> ReceiveAsync(IBufferWriter<byte> destination, int maxMessageBytes, CancellationToken cancellationToken = default)
    {
        var receive = inner.ReceiveAsync(destination, maxMessageBytes, cancellationToken).AsTask();
        var first = await Task.WhenAny(receive, _receiveFault.Task);
        if (first == _receiveFault.Task)
        {
            await _receiveFault.Task;
        }

        return await receive;
    }

    public ValueTask CloseAsync(int closeCode, string reason, CancellationToken cancellationToken = default)
        => inner.CloseAsync(closeCode, reason, cancellationToken);

    public void Abort() => inner.Abort();
}
