using System.Buffers;
using System.Net;
using System.Net.WebSockets;

namespace ProjectSockets.Client.Tests.Testing;

/// <summary>A server-side connection that records the close code the client sent, and can be aborted by a test.</summary>
internal sealed class ServerConnection(WebSocketConnection inner, WebSocket socket, HttpListenerResponse response) : IConnection
{
    private readonly TaskCompletionSource<int?> _clientClose = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public string Id => inner.Id;

    public ConnectionRequest Request => inner.Request;

    /// <summary>Completes with the close code of the client's close frame.</summary>
    public Task<int?> ClientClose => _clientClose.Task;

    public ValueTask SendAsync(ReadOnlyMemory<byte> utf8Message, CancellationToken cancellationToken = default)
        => inner.SendAsync(utf8Message, cancellationToken);

    public async ValueTask<ReceiveResult> ReceiveAsync(IBufferWriter<byte> destination, int maxMessageBytes, CancellationToken cancellationToken = default)
    {
        var result = await inner.ReceiveAsync(destination, maxMessageBytes, cancellationToken);
        if (result.MessageType == ReceivedMessageType.Close)
        {
            _clientClose.TrySetResult(result.CloseStatus);
        }

        return result;
    }

    public ValueTask CloseAsync(int closeCode, string reason, CancellationToken cancellationToken = default)
        => inner.CloseAsync(closeCode, reason, cancellationToken);

    public void Abort()
    {
        socket.Abort();
        inner.Abort();

        // Aborting the WebSocket leaves HttpListener's TCP connection open; this resets it.
        response.Abort();
    }
}
