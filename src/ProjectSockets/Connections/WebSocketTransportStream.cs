namespace ProjectSockets;

/// <summary>
/// The stream under a server's <see cref="System.Net.WebSockets.WebSocket"/>, wrapped so that a frame's buffer is
/// not held while the transport waits for its client. Hosts wrap the stream of an upgraded HTTP connection in it
/// before the WebSocket is created over it, and give it to <see cref="WebSocketConnection"/>.
/// </summary>
/// <remarks>
/// A transport such as Kestrel copies a write into its own output at once and then waits until the client has
/// taken enough of it (its flush). .NET's WebSocket rents a buffer for each frame it sends and holds it until the
/// write completes: with many slow clients, one frame-sized buffer per connection waits at once, far more than the
/// shared array pool keeps, so every such send allocates its buffer. This stream completes a write as soon as the
/// inner stream has taken the bytes and keeps the flush pending instead; the next write, and the connection's
/// writer before it builds its next frame (<see cref="WhenWrittenAsync"/>), wait for that flush. Backpressure is
/// kept: nothing more is written to a transport that has not taken the previous frame.
/// Use it only over a stream that copies what it is given before its write returns (Kestrel's upgraded stream does).
/// </remarks>
public sealed class WebSocketTransportStream : Stream
{
    private readonly Stream _inner;
    private readonly Lock _lock = new();
    private ValueTask _write;
    private bool _writePending;
    private Task? _writeTask;

    /// <summary>Initializes a new instance of the <see cref="WebSocketTransportStream"/> class.</summary>
    /// <param name="inner">The upgraded connection's stream; it copies what it is given before its writes return.</param>
    public WebSocketTransportStream(Stream inner)
    {
        ArgumentNullException.ThrowIfNull(inner);
        _inner = inner;
    }

    /// <inheritdoc />
    public override bool CanRead => _inner.CanRead;

    /// <inheritdoc />
    public override bool CanSeek => false;

    /// <inheritdoc />
    public override bool CanWrite => _inner.CanWrite;

    /// <inheritdoc />
    public override long Length => throw new NotSupportedException();

    /// <inheritdoc />
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    /// <summary>Completes once the transport has taken every write so far; faults as the write that failed.</summary>
    internal ValueTask WhenWrittenAsync()
    {
        var pending = TakePending();
        return pending is null ? ValueTask.CompletedTask : new ValueTask(pending);
    }

    /// <inheritdoc />
    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var pending = TakePending();
        return pending is null ? WriteNow(buffer, cancellationToken) : WriteAfterAsync(pending, buffer, cancellationToken);
    }

    /// <inheritdoc />
    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
        => WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    /// <inheritdoc />
    public override void Write(byte[] buffer, int offset, int count) => WriteAsync(buffer, offset, count, CancellationToken.None).GetAwaiter().GetResult();

    /// <inheritdoc />
    /// <remarks>
    /// While a write is pending this completes at once: that write's flush is under way, and the next write waits
    /// for it. (.NET's WebSocket flushes after every frame it writes, holding the frame's buffer until the flush
    /// completes; waiting here would hold it again.)
    /// </remarks>
    public override Task FlushAsync(CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            if (_writePending || _writeTask is { IsCompleted: false })
            {
                return Task.CompletedTask;
            }
        }

        return _inner.FlushAsync(cancellationToken);
    }

    /// <inheritdoc />
    public override void Flush() => FlushAsync(CancellationToken.None).GetAwaiter().GetResult();

    /// <inheritdoc />
    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) => _inner.ReadAsync(buffer, cancellationToken);

    /// <inheritdoc />
    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) => _inner.ReadAsync(buffer, offset, count, cancellationToken);

    /// <inheritdoc />
    public override int Read(byte[] buffer, int offset, int count) => _inner.Read(buffer, offset, count);

    /// <inheritdoc />
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    /// <inheritdoc />
    public override void SetLength(long value) => throw new NotSupportedException();

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _inner.Dispose();
        }

        base.Dispose(disposing);
    }

    /// <inheritdoc />
    public override ValueTask DisposeAsync() => _inner.DisposeAsync();

    private ValueTask WriteNow(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken)
    {
        var write = _inner.WriteAsync(buffer, cancellationToken);
        if (write.IsCompleted)
        {
            return write;
        }

        // The bytes are in the transport's output; only its flush waits. Kept, not awaited: see the remarks.
        lock (_lock)
        {
            _write = write;
            _writePending = true;
        }

        return ValueTask.CompletedTask;
    }

    private async ValueTask WriteAfterAsync(Task pending, ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken)
    {
        await pending.ConfigureAwait(false);
        await WriteNow(buffer, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The write still under way, or null; a finished one is observed here (its failure thrown).</summary>
    private Task? TakePending()
    {
        lock (_lock)
        {
            if (_writeTask is { } task)
            {
                if (!task.IsCompleted)
                {
                    return task;
                }

                _writeTask = null;
                task.GetAwaiter().GetResult();
            }

            if (!_writePending)
            {
                return null;
            }

            var write = _write;
            _write = default;
            _writePending = false;
            if (write.IsCompleted)
            {
                write.GetAwaiter().GetResult();
                return null;
            }

            // Several may wait for it (the writer, a control frame): a ValueTask may be awaited once, a Task by all.
            _writeTask = write.AsTask();
            return _writeTask;
        }
    }
}
