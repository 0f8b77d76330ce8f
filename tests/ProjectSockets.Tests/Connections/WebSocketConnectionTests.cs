using System.Buffers;
using System.Net.WebSockets;
using System.Text;
using ProjectSockets.Tests.Testing;

namespace ProjectSockets.Tests.Connections;

public sealed class WebSocketConnectionTests : IDisposable
{
    private readonly WebSocket _serverSocket;
    private readonly WebSocket _client;
    private readonly WebSocketConnection _connection;

    public WebSocketConnectionTests()
    {
        var (serverStream, clientStream) = DuplexStream.CreatePair();
        _serverSocket = WebSocket.CreateFromStream(serverStream, new WebSocketCreationOptions { IsServer = true });
        _client = WebSocket.CreateFromStream(clientStream, new WebSocketCreationOptions { IsServer = false });
        _connection = new WebSocketConnection(_serverSocket, new ConnectionRequest { RouteProject = "p1" });
    }

    [Fact]
    public void Constructor_GivesRandomIdAndKeepsRequest()
    {
        Assert.Equal(22, _connection.Id.Length);
        Assert.Equal("p1", _connection.Request.RouteProject);
    }

    [Fact]
    public async Task SendAsync_SendsOneWholeTextMessage()
    {
        await _connection.SendAsync("""{"type":"ping"}"""u8.ToArray());
        var buffer = new byte[64];
        var result = await _client.ReceiveAsync(buffer, CancellationToken.None).WaitAsync(TestClient.Timeout);

        Assert.Equal(WebSocketMessageType.Text, result.MessageType);
        Assert.True(result.EndOfMessage);
        Assert.Equal("""{"type":"ping"}""", Encoding.UTF8.GetString(buffer, 0, result.Count));
    }

    [Fact]
    public async Task ReceiveAsync_ReassemblesAFragmentedMessage()
    {
        await _client.SendAsync("""{"type":"""u8.ToArray(), WebSocketMessageType.Text, endOfMessage: false, default);
        await _client.SendAsync("\"pi"u8.ToArray(), WebSocketMessageType.Text, endOfMessage: false, default);
        await _client.SendAsync("ng\"}"u8.ToArray(), WebSocketMessageType.Text, endOfMessage: true, default);
        var destination = new ArrayBufferWriter<byte>();

        var result = await ReceiveAsync(destination, 1024);

        Assert.Equal(ReceivedMessageType.Text, result.MessageType);
        Assert.Equal("""{"type":"ping"}""", Encoding.UTF8.GetString(destination.WrittenSpan));
        Assert.Equal(destination.WrittenCount, result.Count);
    }

    [Fact]
    public async Task ReceiveAsync_MessageAtTheLimit_IsText()
    {
        await _client.SendAsync(new byte[300].Select(_ => (byte)'a').ToArray(), WebSocketMessageType.Text, true, default);
        var destination = new ArrayBufferWriter<byte>();

        var result = await ReceiveAsync(destination, 300);

        Assert.Equal(ReceivedMessageType.Text, result.MessageType);
        Assert.Equal(300, destination.WrittenCount);
    }

    [Fact]
    public async Task ReceiveAsync_MessageOverTheLimit_IsTooLarge()
    {
        await _client.SendAsync(new byte[301].Select(_ => (byte)'a').ToArray(), WebSocketMessageType.Text, true, default);

        var result = await ReceiveAsync(new ArrayBufferWriter<byte>(), 300);

        Assert.Equal(ReceivedMessageType.TooLarge, result.MessageType);
    }

    [Fact]
    public async Task ReceiveAsync_EmptyMessage_IsEmptyText()
    {
        await _client.SendAsync(Array.Empty<byte>(), WebSocketMessageType.Text, true, default);

        var result = await ReceiveAsync(new ArrayBufferWriter<byte>(), 300);

        Assert.Equal(new ReceiveResult(ReceivedMessageType.Text, 0), result);
    }

    [Fact]
    public async Task ReceiveAsync_BinaryMessage_IsBinary()
    {
        await _client.SendAsync(new byte[] { 1, 2, 3 }, WebSocketMessageType.Binary, true, default);

        var result = await ReceiveAsync(new ArrayBufferWriter<byte>(), 300);

        Assert.Equal(ReceivedMessageType.Binary, result.MessageType);
    }

    [Fact]
    public async Task ReceiveAsync_CloseFrame_IsCloseWithStatusAndReason()
    {
        await _client.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "bye", default);

        var result = await ReceiveAsync(new ArrayBufferWriter<byte>(), 300);

        Assert.Equal(ReceivedMessageType.Close, result.MessageType);
        Assert.Equal(1000, result.CloseStatus);
        Assert.Equal("bye", result.CloseDescription);
    }

    [Fact]
    public async Task CloseAsync_SendsCodeAndReasonTruncatedTo123Bytes()
    {
        var reason = new string('é', 100); // 200 UTF-8 bytes

        await _connection.CloseAsync(4001, reason);
        var result = await _client.ReceiveAsync(new byte[16], CancellationToken.None).WaitAsync(TestClient.Timeout);

        Assert.Equal(WebSocketMessageType.Close, result.MessageType);
        Assert.Equal(4001, (int)result.CloseStatus!);
        Assert.Equal(new string('é', 61), result.CloseStatusDescription);
    }

    [Fact]
    public async Task CloseAsync_AfterAbort_DoesNothing()
    {
        _connection.Abort();

        await _connection.CloseAsync(1000, "bye");

        Assert.Equal(WebSocketState.Aborted, _serverSocket.State);
    }

    public void Dispose()
    {
        _serverSocket.Dispose();
        _client.Dispose();
    }

    private Task<ReceiveResult> ReceiveAsync(IBufferWriter<byte> destination, int max)
        => _connection.ReceiveAsync(destination, max).AsTask().WaitAsync(TestClient.Timeout);
}
