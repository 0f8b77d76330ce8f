using System.Buffers;
using System.Text;

namespace ProjectSockets.Tests.Connections;

public sealed class InMemoryConnectionTests
{
    [Fact]
    public async Task Send_ArrivesWholeAtTheOtherEnd()
    {
        var (server, client) = InMemoryConnection.CreatePair();
        var destination = new ArrayBufferWriter<byte>();

        await client.SendAsync("hello"u8.ToArray());
        var result = await server.ReceiveAsync(destination, 100);

        Assert.Equal(new ReceiveResult(ReceivedMessageType.Text, 5), result);
        Assert.Equal("hello", Encoding.UTF8.GetString(destination.WrittenSpan));
    }

    [Fact]
    public async Task Receive_OverTheLimit_IsTooLarge()
    {
        var (server, client) = InMemoryConnection.CreatePair();

        await client.SendAsync(new byte[11]);

        Assert.Equal(ReceivedMessageType.TooLarge, (await server.ReceiveAsync(new ArrayBufferWriter<byte>(), 10)).MessageType);
    }

    [Fact]
    public async Task Binary_IsReportedAsBinary()
    {
        var (server, client) = InMemoryConnection.CreatePair();

        await client.SendBinaryAsync(new byte[] { 1 });

        Assert.Equal(ReceivedMessageType.Binary, (await server.ReceiveAsync(new ArrayBufferWriter<byte>(), 10)).MessageType);
    }

    [Fact]
    public async Task Close_IsReceivedWithCodeAndReason_AndFurtherSendsFail()
    {
        var (server, client) = InMemoryConnection.CreatePair();

        await server.CloseAsync(4001, "slow consumer");
        var result = await client.ReceiveAsync(new ArrayBufferWriter<byte>(), 10);

        Assert.Equal(new ReceiveResult(ReceivedMessageType.Close, 0, 4001, "slow consumer"), result);
        Assert.Equal(4001, client.ReceivedCloseCode);
        await Assert.ThrowsAsync<IOException>(async () => await server.SendAsync(new byte[1]));
    }

    [Fact]
    public async Task Abort_FailsPendingReceivesAtBothEnds()
    {
        var (server, client) = InMemoryConnection.CreatePair();
        var pending = server.ReceiveAsync(new ArrayBufferWriter<byte>(), 10).AsTask();

        client.Abort();

        await Assert.ThrowsAsync<IOException>(() => pending);
        await Assert.ThrowsAsync<IOException>(async () => await client.ReceiveAsync(new ArrayBufferWriter<byte>(), 10));
    }

    [Fact]
    public void CreatePair_GivesTheServerEndTheRequest()
    {
        var request = new ConnectionRequest { RouteProject = "p1" };

        var (server, client) = InMemoryConnection.CreatePair(request);

        Assert.Same(request, server.Request);
        Assert.NotEqual(server.Id, client.Id);
    }
}
