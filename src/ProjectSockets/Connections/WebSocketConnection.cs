using System.Buffers;
using System.Net.WebSockets;
using System.Runtime.CompilerServices;
using System.Text;

namespace ProjectSockets;

/// <summary>An <see cref="IConnection"/> over a <see cref="WebSocket"/>; both host adapters use it.</summary>
public sealed class WebSocketConnection : IConnection
{
    private const int MaxCloseReasonBytes = 123;
    private const int ReadChunkBytes = 16 * 1024;
    private readonly WebSocket _webSocket;
    private readonly WebSocketTransportStream? _transport;

    /// <summary>Initializes a new instance of the <see cref="WebSocketConnection"/> class.</summary>
    /// <param name="webSocket">The accepted WebSocket.</param>
    /// <param name="request">What the host learned at the handshake.</param>
    public WebSocketConnection(WebSocket webSocket, ConnectionRequest request)
        : this(webSocket, request, null)
    {
    }

    /// <summary>
    /// Initializes a new instance of the <see cref="WebSocketConnection"/> class over a WebSocket created on
    /// <paramref name="transport"/>: the connection's writer then waits for the transport to take each frame before
    /// it builds the next, so that no frame's buffer is held while a slow client catches up.
    /// </summary>
    /// <param name="webSocket">The accepted WebSocket.</param>
    /// <param name="request">What the host learned at the handshake.</param>
    /// <param name="transport">The stream the WebSocket was created on, or null when it was not wrapped.</param>
    public WebSocketConnection(WebSocket webSocket, ConnectionRequest request, WebSocketTransportStream? transport)
    {
        ArgumentNullException.ThrowIfNull(webSocket);
        ArgumentNullException.ThrowIfNull(request);
        _webSocket = webSocket;
        _transport = transport;
        Request = request;
    }

    /// <summary>Completes once the transport has taken every frame sent so far (at once without a wrapped transport).</summary>
    internal ValueTask WhenWrittenAsync() => _transport?.WhenWrittenAsync() ?? ValueTask.CompletedTask;

    /// <inheritdoc />
    public string Id { get; } = ConnectionIds.Create();

    /// <inheritdoc />
    public ConnectionRequest Request { get; }

    /// <inheritdoc />
    public ValueTask SendAsync(ReadOnlyMemory<byte> utf8Message, CancellationToken cancellationToken = default)
        => _webSocket.SendAsync(utf8Message, WebSocketMessageType.Text, endOfMessage: true, cancellationToken);

    /// <inheritdoc />
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))] // Every received message would otherwise allocate one.
    public async ValueTask<ReceiveResult> ReceiveAsync(IBufferWriter<byte> destination, int maxMessageBytes, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(destination);
        try
        {
            return await ReceiveMessageAsync(destination, maxMessageBytes, cancellationToken).ConfigureAwait(false);
        }
        catch (WebSocketException exception) when (exception.WebSocketErrorCode == WebSocketError.Faulted && _webSocket.State == WebSocketState.Aborted)
        {
            // .NET's WebSocket validates what it receives (UTF-8 of text frames, frame headers) and, on a violation,
            // sends close 1007 or 1002 itself before it throws Faulted; any other failure surfaces as another error.
            // The frame may still be queued in the server's output: disposing or aborting the WebSocket now can drop it.
            return new(ReceivedMessageType.Rejected, 0);
        }
    }

    private async ValueTask<ReceiveResult> ReceiveMessageAsync(IBufferWriter<byte> destination, int maxMessageBytes, CancellationToken cancellationToken)
    {
        // A zero-byte read waits for the next frame without holding a buffer: idle connections cost no receive memory.
        var result = await _webSocket.ReceiveAsync(Memory<byte>.Empty, cancellationToken).ConfigureAwait(false);
        var total = 0;
        while (true)
        {
            switch (result.MessageType)
            {
                case WebSocketMessageType.Close:
                    return new(ReceivedMessageType.Close, 0, (int?)_webSocket.CloseStatus, _webSocket.CloseStatusDescription);
                case WebSocketMessageType.Binary:
                    return await DiscardRestOfMessageAsync(result, cancellationToken).ConfigureAwait(false) == WebSocketMessageType.Close
                        ? new(ReceivedMessageType.Close, 0, (int?)_webSocket.CloseStatus, _webSocket.CloseStatusDescription)
                        : new(ReceivedMessageType.Binary, 0);
            }

            total += result.Count;
            if (total > maxMessageBytes)
            {
                return new(ReceivedMessageType.TooLarge, total);
            }

            if (result.EndOfMessage)
            {
                return new(ReceivedMessageType.Text, total);
            }

            var room = Math.Min(ReadChunkBytes, maxMessageBytes - total + 1);
            var memory = destination.GetMemory(room)[..room];
            result = await _webSocket.ReceiveAsync(memory, cancellationToken).ConfigureAwait(false);
            if (result.MessageType == WebSocketMessageType.Text)
            {
                destination.Advance(result.Count);
            }
        }
    }

    /// <summary>
    /// Reads a refused message to its end. A zero-byte read consumes nothing, so without this the next receive would
    /// see the same message again and never reach the client's close frame.
    /// </summary>
    /// <returns>The type of the last frame read: <see cref="WebSocketMessageType.Close"/> when the peer closed meanwhile.</returns>
    private async ValueTask<WebSocketMessageType> DiscardRestOfMessageAsync(ValueWebSocketReceiveResult result, CancellationToken cancellationToken)
    {
        if (result.EndOfMessage)
        {
            return result.MessageType;
        }

        var scratch = ArrayPool<byte>.Shared.Rent(ReadChunkBytes);
        try
        {
            do
            {
                result = await _webSocket.ReceiveAsync(scratch.AsMemory(), cancellationToken).ConfigureAwait(false);
            }
            while (!result.EndOfMessage && result.MessageType != WebSocketMessageType.Close);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(scratch);
        }

        return result.MessageType;
    }

    /// <inheritdoc />
    public async ValueTask CloseAsync(int closeCode, string reason, CancellationToken cancellationToken = default)
    {
        if (_webSocket.State is WebSocketState.Open or WebSocketState.CloseReceived)
        {
            await _webSocket.CloseOutputAsync((WebSocketCloseStatus)closeCode, Truncate(reason), cancellationToken).ConfigureAwait(false);
        }
    }

    /// <inheritdoc />
    public void Abort() => _webSocket.Abort();

    private static string Truncate(string reason)
    {
        if (Encoding.UTF8.GetByteCount(reason) <= MaxCloseReasonBytes)
        {
            return reason;
        }

        var length = reason.Length;
        while (Encoding.UTF8.GetByteCount(reason.AsSpan(0, length)) > MaxCloseReasonBytes)
        {
            length--;
        }

        return reason[..length];
    }
}
