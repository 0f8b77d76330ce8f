using System.Buffers;
using System.Net.WebSockets;
using ProjectSockets.Tests.Testing;

namespace ProjectSockets.Tests.Connections;

/// <summary>What an oversized message costs the server: it reads about the limit, never the whole message.</summary>
public sealed class WebSocketConnectionLimitTests : IDisposable
{
    private const int Limit = 64 * 1024;
    private const int TenMebibytes = 10 * 1024 * 1024;
    private readonly CountingStream _serverStream;
    private readonly WebSocket _serverSocket;
    private readonly WebSocket _client;
    private readonly WebSocketConnection _connection;

    public WebSocketConnectionLimitTests()
    {
        var (serverStream, clientStream) = DuplexStream.CreatePair();
        _serverStream = new CountingStream(serverStream);
        _serverSocket = WebSocket.CreateFromStream(_serverStream, new WebSocketCreationOptions { IsServer = true, KeepAliveInterval = TimeSpan.Zero });
        _client = WebSocket.CreateFromStream(clientStream, new WebSocketCreationOptions { KeepAliveInterval = TimeSpan.Zero });
        _connection = new WebSocketConnection(_serverSocket, new ConnectionRequest());
    }

    [Fact]
    public async Task ReceiveAsync_TenMebibyteMessage_IsTooLargeAfterReadingAboutTheLimit()
    {
        // The in-memory pipe is unbounded: the whole message is waiting before the server reads a byte of it.
        var fragment = new byte[Limit];
        fragment.AsSpan().Fill((byte)'a');
        for (var sent = 0; sent < TenMebibytes; sent += fragment.Length)
        {
            await _client.SendAsync(fragment, WebSocketMessageType.Text, endOfMessage: sent + fragment.Length == TenMebibytes, default);
        }

        var destination = new ArrayBufferWriter<byte>();
        var result = await _connection.ReceiveAsync(destination, Limit).AsTask().WaitAsync(TestClient.Timeout);

        Assert.Equal(ReceivedMessageType.TooLarge, result.MessageType);
        Assert.InRange(destination.WrittenCount, 0, Limit + 1);
        Assert.InRange(_serverStream.BytesRead, Limit, 2 * Limit);
    }

    [Fact]
    public async Task ReceiveAsync_FloodOfOneByteFragments_IsTooLargeOnceTheyAddUpBeyondTheLimit()
    {
        var one = new byte[] { (byte)'a' };
        for (var sent = 0; sent < 2 * Limit; sent++)
        {
            await _client.SendAsync(one, WebSocketMessageType.Text, endOfMessage: false, default);
        }

        var destination = new ArrayBufferWriter<byte>();
        var result = await _connection.ReceiveAsync(destination, Limit).AsTask().WaitAsync(TestClient.Timeout);

        Assert.Equal(ReceivedMessageType.TooLarge, result.MessageType);
        Assert.InRange(destination.WrittenCount, 0, Limit + 1);
    }

    public void Dispose()
    {
        _connection.Abort();
        _serverSocket.Dispose();
        _client.Dispose();
    }
}
