using System.Buffers;
using System.Net.WebSockets;
using ProjectSockets.Tests.Testing;

namespace ProjectSockets.Tests.Connections;

public sealed class WebSocketConnectionTests
{
    private static readonly byte[] InvalidUtf8 = [(byte)'{', 0xC3, 0x28, 0xFF, (byte)'}'];

    [Fact]
    public async Task ReceiveAsync_InvalidUtf8Text_ReturnsRejectedOnceTheWebSocketHasSentClose1007()
    {
        using var pair = await LoopbackWebSocketPair.CreateAsync();
        using var timeout = new CancellationTokenSource(TestClient.Timeout);
        var connection = new WebSocketConnection(pair.Server, new ConnectionRequest());

        await pair.Client.SendAsync(InvalidUtf8, WebSocketMessageType.Text, endOfMessage: true, timeout.Token);
        var result = await connection.ReceiveAsync(new ArrayBufferWriter<byte>(), 1024, timeout.Token);
        var clientReceived = await pair.Client.ReceiveAsync(new byte[16], timeout.Token);

        Assert.Equal(ReceivedMessageType.Rejected, result.MessageType);
        Assert.Equal(WebSocketMessageType.Close, clientReceived.MessageType);
        Assert.Equal(WebSocketCloseStatus.InvalidPayloadData, pair.Client.CloseStatus);
    }

    [Fact]
    public async Task ReceiveAsync_PeerGoneWithoutClose_Throws()
    {
        using var pair = await LoopbackWebSocketPair.CreateAsync();
        using var timeout = new CancellationTokenSource(TestClient.Timeout);
        var connection = new WebSocketConnection(pair.Server, new ConnectionRequest());

        pair.Client.Abort();

        await Assert.ThrowsAsync<WebSocketException>(async () => await connection.ReceiveAsync(new ArrayBufferWriter<byte>(), 1024, timeout.Token));
    }
}
