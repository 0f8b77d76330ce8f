using System.Net.WebSockets;
using System.Text;
using ProjectSockets.Tests.Testing;

namespace ProjectSockets.Tests.Connections;

/// <summary>
/// A write completes once the inner stream has the bytes; its flush stays pending, and whatever comes next waits for
/// it: backpressure is kept without holding the frame's buffer.
/// </summary>
public sealed class WebSocketTransportStreamTests
{
    [Fact]
    public async Task WriteAsync_WhenTheInnerWriteWaits_CompletesWithTheBytesHandedOver()
    {
        var inner = new HeldWriteStream();
        await using var transport = new WebSocketTransportStream(inner);

        var write = transport.WriteAsync("abc"u8.ToArray());

        Assert.True(write.IsCompletedSuccessfully);
        Assert.Equal(["abc"], inner.Writes);
        Assert.False(transport.WhenWrittenAsync().IsCompleted);
    }

    [Fact]
    public async Task WhenWrittenAsync_CompletesWhenTheInnerWriteDoes()
    {
        var inner = new HeldWriteStream();
        await using var transport = new WebSocketTransportStream(inner);
        await transport.WriteAsync("abc"u8.ToArray());
        var written = transport.WhenWrittenAsync().AsTask();

        inner.ReleaseHeld();

        await written.WaitAsync(TestClient.Timeout);
        Assert.True(transport.WhenWrittenAsync().IsCompletedSuccessfully);
    }

    [Fact]
    public async Task WriteAsync_WhileAWriteIsPending_WritesOnlyAfterIt()
    {
        var inner = new HeldWriteStream();
        await using var transport = new WebSocketTransportStream(inner);
        await transport.WriteAsync("first"u8.ToArray());

        var second = transport.WriteAsync("second"u8.ToArray()).AsTask();

        Assert.False(second.IsCompleted);
        Assert.Equal(["first"], inner.Writes);
        inner.ReleaseHeld();
        await second.WaitAsync(TestClient.Timeout);
        Assert.Equal(["first", "second"], inner.Writes);
    }

    [Fact]
    public async Task FlushAsync_WhileAWriteIsPending_CompletesAtOnce()
    {
        var inner = new HeldWriteStream();
        await using var transport = new WebSocketTransportStream(inner);
        await transport.WriteAsync("abc"u8.ToArray());

        var flush = transport.FlushAsync();

        Assert.True(flush.IsCompletedSuccessfully);
        Assert.False(transport.WhenWrittenAsync().IsCompleted);
    }

    [Fact]
    public async Task WriteAsync_AfterAFailedWrite_ThrowsItsFailure()
    {
        var inner = new HeldWriteStream();
        await using var transport = new WebSocketTransportStream(inner);
        await transport.WriteAsync("first"u8.ToArray());
        inner.FailHeld(new IOException("connection reset"));

        var failure = await Assert.ThrowsAsync<IOException>(() => transport.WriteAsync("second"u8.ToArray()).AsTask());

        Assert.Equal("connection reset", failure.Message);
        Assert.Equal(["first"], inner.Writes);
    }

    [Fact]
    public async Task Writer_WaitsForTheTransport_AndSendsWhatArrivedMeanwhileAsOneFrame()
    {
        await using var server = new TestServer();
        var inner = new HeldWriteStream();
        var transport = new WebSocketTransportStream(inner);
        using var socket = WebSocket.CreateFromStream(transport, new WebSocketCreationOptions { IsServer = true, KeepAliveInterval = TimeSpan.Zero });
        var connection = new WebSocketConnection(socket, new ConnectionRequest(), transport);
        var decision = await server.Manager.EvaluateHandshakeAsync(connection.Request);
        using var stop = new CancellationTokenSource();
        var run = server.Manager.RunConnectionAsync(connection, decision, stop.Token);

        // The welcome is written and its flush held: the writer must not take the next messages before it is done.
        await inner.WaitForWritesAsync(1);
        for (var i = 0; i < 3; i++)
        {
            Assert.True(server.Manager.SendToConnection(connection.Id, "e", new { i }));
        }

        inner.ReleaseHeld();
        await inner.WaitForWritesAsync(2);

        var frame = inner.Writes[1];
        Assert.Equal(3, frame.Split('\n').Length);
        Assert.Contains("\"i\":0", frame, StringComparison.Ordinal);
        Assert.Contains("\"i\":2", frame, StringComparison.Ordinal);
        inner.Hold = false;
        inner.ReleaseHeld();
        await stop.CancelAsync();
        await run.WaitAsync(TestClient.Timeout);
    }

    /// <summary>Keeps every write pending (after taking its bytes) until the test releases or fails it.</summary>
    private sealed class HeldWriteStream : Stream
    {
        private readonly Lock _lock = new();
        private readonly List<string> _writes = [];
        private readonly TaskCompletionSource _closed = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private TaskCompletionSource _held = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private TaskCompletionSource _written = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public bool Hold { get; set; } = true;

        public string[] Writes
        {
            get
            {
                lock (_lock)
                {
                    return [.. _writes];
                }
            }
        }

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public void ReleaseHeld() => Interlocked.Exchange(ref _held, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).SetResult();

        public void FailHeld(Exception exception) => _held.SetException(exception);

        public async Task WaitForWritesAsync(int count)
        {
            while (true)
            {
                Task written;
                lock (_lock)
                {
                    if (_writes.Count >= count)
                    {
                        return;
                    }

                    written = _written.Task;
                }

                await written.WaitAsync(TestClient.Timeout);
            }
        }

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            // A server frame: a 2-byte header (or 4 with a 16-bit length), then the payload.
            var span = buffer.Span;
            var header = (span[1] & 0x7F) == 126 ? 4 : 2;
            TaskCompletionSource written;
            lock (_lock)
            {
                _writes.Add(span.Length > header && span[0] == 0x81 ? Encoding.UTF8.GetString(span[header..]) : Encoding.UTF8.GetString(span));
                written = _written;
                _written = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            }

            written.SetResult();
            return Hold ? new ValueTask(_held.Task) : ValueTask.CompletedTask;
        }

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
            => WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
            => new(_closed.Task.ContinueWith(static _ => 0, TaskScheduler.Default).WaitAsync(cancellationToken));

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
            => ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override void Flush()
        {
        }

        public override Task FlushAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            _closed.TrySetResult();
            base.Dispose(disposing);
        }
    }
}
