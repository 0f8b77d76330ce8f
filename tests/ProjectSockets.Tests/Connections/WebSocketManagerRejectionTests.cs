using System.Buffers;
using System.Text;
using NSubstitute;
using ProjectSockets.Tests.Testing;

namespace ProjectSockets.Tests.Connections;

public sealed class WebSocketManagerRejectionTests
{
    [Fact]
    public async Task RejectedByTheTransport_EndsWithoutAbortOrDisconnected()
    {
        await using var server = new TestServer();
        var request = new ConnectionRequest();
        using var decision = await server.Manager.EvaluateHandshakeAsync(request);
        var connection = Substitute.For<IConnection>();
        connection.Id.Returns("rejected-1");
        connection.Request.Returns(request);
        connection.ReceiveAsync(Arg.Any<IBufferWriter<byte>>(), Arg.Any<int>(), Arg.Any<CancellationToken>())
            .Returns(new ReceiveResult(ReceivedMessageType.Rejected, 0));

        await server.Manager.RunConnectionAsync(connection, decision).WaitAsync(TestClient.Timeout);

        connection.DidNotReceive().Abort();
        await connection.DidNotReceive().SendAsync(
            Arg.Is<ReadOnlyMemory<byte>>(m => Encoding.UTF8.GetString(m.ToArray()).Contains("\"disconnected\"")),
            Arg.Any<CancellationToken>());
        Assert.Equal(0, server.Manager.ConnectionCount);
    }
}
