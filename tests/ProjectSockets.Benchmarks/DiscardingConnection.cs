using System.Buffers;

namespace ProjectSockets.Benchmarks;

/// <summary>
/// A connection whose sends go nowhere and whose client never speaks: what a broadcast costs without a network.
/// Every protocol message it is handed is counted in <see cref="DeliveryCounter"/>.
/// </summary>
internal sealed class DiscardingConnection(DeliveryCounter counter) : IConnection
{
    private readonly TaskCompletionSource<ReceiveResult> _closed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public string Id { get; } = ConnectionIds.Create();

    public ConnectionRequest Request { get; } = new();

    public ValueTask SendAsync(ReadOnlyMemory<byte> utf8Message, CancellationToken cancellationToken = default)
    {
        // A batch carries one message more than it has newlines.
        counter.Add(utf8Message.Span.Count((byte)'\n') + 1);
        return ValueTask.CompletedTask;
    }

    public ValueTask<ReceiveResult> ReceiveAsync(IBufferWriter<byte> destination, int maxMessageBytes, CancellationToken cancellationToken = default)
        => new(_closed.Task.WaitAsync(cancellationToken));

    public ValueTask CloseAsync(int closeCode, string reason, CancellationToken cancellationToken = default)
    {
        _closed.TrySetResult(new ReceiveResult(ReceivedMessageType.Close, 0, closeCode));
        return ValueTask.CompletedTask;
    }

    public void Abort() => _closed.TrySetException(new IOException("aborted"));
}
