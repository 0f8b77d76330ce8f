using System.Threading.Channels;

namespace ProjectSockets.Testing;

/// <summary>
/// One end of an in-memory byte pipe in both directions, for running a real WebSocket without a socket: reads what the
/// other end writes, and writes never wait. Disposing ends both directions: the other end reads the end of the stream
/// and what it writes afterwards is dropped.
/// </summary>
public sealed class DuplexStream : Stream
{
    private readonly Channel<byte[]> _incoming;
    private readonly Channel<byte[]> _outgoing;
    private ReadOnlyMemory<byte> _leftover;

    private DuplexStream(Channel<byte[]> incoming, Channel<byte[]> outgoing)
    {
        _incoming = incoming;
        _outgoing = outgoing;
    }

    public override bool CanRead => true;

    public override bool CanWrite => true;

    public override bool CanSeek => false;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public static (DuplexStream A, DuplexStream B) CreatePair()
    {
        var ab = Channel.CreateUnbounded<byte[]>();
        var ba = Channel.CreateUnbounded<byte[]>();
        return (new DuplexStream(ba, ab), new DuplexStream(ab, ba));
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (_leftover.IsEmpty)
        {
            if (!await _incoming.Reader.WaitToReadAsync(cancellationToken) || !_incoming.Reader.TryRead(out var chunk))
            {
                return 0;
            }

            _leftover = chunk;
        }

        var count = Math.Min(buffer.Length, _leftover.Length);
        _leftover[..count].CopyTo(buffer);
        _leftover = _leftover[count..];
        return count;
    }

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        _outgoing.Writer.TryWrite(buffer.ToArray());
        return ValueTask.CompletedTask;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
        => ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
        => WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer, offset, count).GetAwaiter().GetResult();

    public override void Write(byte[] buffer, int offset, int count) => _outgoing.Writer.TryWrite(buffer.AsSpan(offset, count).ToArray());

    public override void Flush()
    {
    }

    public override Task FlushAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        _outgoing.Writer.TryComplete();
        _incoming.Writer.TryComplete();
        base.Dispose(disposing);
    }
}
