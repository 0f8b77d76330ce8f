using System.Buffers;
using System.Net;
using System.Net.WebSockets;

namespace ProjectSockets;

/// <summary>
/// The core's connection over an <see cref="HttpListener"/> WebSocket, whose abort really ends the TCP connection.
/// </summary>
/// <remarks>
/// The managed <see cref="HttpListener"/> (Linux, macOS) builds the WebSocket over a stream that does not own its
/// socket: <see cref="WebSocket.Abort"/> disposes the stream but leaves the socket open, so a send to a client that
/// stopped reading waits for ever. Aborting the response as well closes the socket, which fails that send. The
/// WebSocket is aborted first: the response's abort writes nothing to a stream that is already disposed, where it
/// would otherwise try to finish an HTTP response with a blocking write.
/// </remarks>
internal sealed class HttpListenerWebSocketConnection(WebSocket webSocket, HttpListenerResponse response, ConnectionRequest request) : IConnection
{
    private readonly WebSocketConnection _inner = new(webSocket, request);
    private int _aborted;

    public string Id => _inner.Id;

    public ConnectionRequest Request => _inner.Request;

    public ValueTask SendAsync(ReadOnlyMemory<byte> utf8Message, CancellationToken cancellationToken = default)
        => _inner.SendAsync(utf8Message, cancellationToken);

    public ValueTask<ReceiveResult> ReceiveAsync(IBufferWriter<byte> destination, int maxMessageBytes, CancellationToken cancellationToken = default)
        => _inner.ReceiveAsync(destination, maxMessageBytes, cancellationToken);

    public ValueTask CloseAsync(int closeCode, string reason, CancellationToken cancellationToken = default)
        => _inner.CloseAsync(closeCode, reason, cancellationToken);

    /// <summary>Aborts the WebSocket, then closes the TCP connection under it. Safe to call more than once, from any thread.</summary>
    public void Abort()
    {
        if (Interlocked.Exchange(ref _aborted, 1) != 0)
        {
            return;
        }

        _inner.Abort();
        try
        {
            response.Abort();
        }
        catch (Exception exception) when (exception is ObjectDisposedException or HttpListenerException or InvalidOperationException or IOException)
        {
            // Already closed.
        }
    }
}
