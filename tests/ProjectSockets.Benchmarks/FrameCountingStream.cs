namespace ProjectSockets.Benchmarks;

/// <summary>
/// The bytes a server-side <see cref="System.Net.WebSockets.WebSocket"/> writes, going nowhere: it reads each frame's
/// header, counts the frames, the bytes and the protocol messages in them (a batch carries one message more than it
/// has newlines), and reads nothing (its client never speaks). With <see cref="Hold"/> set, every write stays pending
/// until <see cref="ReleaseHeld"/>, as a send to a client that reads slower than the server writes does.
/// </summary>
internal sealed class FrameCountingStream(DeliveryCounter counter, WriteGate gate) : Stream
{
    private readonly TaskCompletionSource<int> _never = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public long Frames { get; private set; }

    public long Bytes { get; private set; }

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override void Write(ReadOnlySpan<byte> buffer) => Count(buffer);

    public override void Write(byte[] buffer, int offset, int count) => Count(buffer.AsSpan(offset, count));

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        Count(buffer.Span);
        return gate.Hold ? new ValueTask(gate.Task) : ValueTask.CompletedTask;
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
        => WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        => new(_never.Task.WaitAsync(cancellationToken));

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
        => _never.Task.WaitAsync(cancellationToken);

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override void Flush()
    {
    }

    public override Task FlushAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        _never.TrySetResult(0);
        base.Dispose(disposing);
    }

    // One write is one whole frame: ManagedWebSocket writes a frame's header and payload in one call.
    private void Count(ReadOnlySpan<byte> frame)
    {
        Frames++;
        Bytes += frame.Length;
        var length = frame[1] & 0x7F;
        var header = 2;
        if (length == 126)
        {
            header = 4;
        }
        else if (length == 127)
        {
            header = 10;
        }

        var opcode = frame[0] & 0x0F;
        if (opcode is 1 or 0)
        {
            var payload = frame[header..];
            counter.Add(payload.Count((byte)'\n') + 1);
        }
    }
}

/// <summary>Holds every write of the streams that share it while <see cref="Hold"/> is set, until released.</summary>
internal sealed class WriteGate
{
    private TaskCompletionSource _pending = new();

    public bool Hold { get; set; }

    public Task Task => _pending.Task;

    /// <summary>Completes every held write on this thread, and holds the next ones again.</summary>
    public void ReleaseHeld()
    {
        var pending = _pending;
        _pending = new TaskCompletionSource();
        pending.SetResult();
    }
}
