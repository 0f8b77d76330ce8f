using System.Buffers;
using System.Threading.Channels;

namespace ProjectSockets;

/// <summary>
/// One end of an in-memory connection pair: whole messages travel between the two ends without a socket.
/// For tests and benchmarks; create a pair with <see cref="CreatePair"/>.
/// </summary>
public sealed class InMemoryConnection : IConnection
{
    private readonly Channel<Frame> _inbound = Channel.CreateUnbounded<Frame>(new UnboundedChannelOptions { SingleReader = true });
    private InMemoryConnection _peer = null!;
    private int _closeSent;

    private InMemoryConnection(ConnectionRequest request, string id)
    {
        Request = request;
        Id = id;
    }

    /// <inheritdoc />
    public string Id { get; }

    /// <inheritdoc />
    public ConnectionRequest Request { get; }

    /// <summary>Gets the close code this end received, once it has received a close frame.</summary>
    public int? ReceivedCloseCode { get; private set; }

    /// <summary>Creates two connected ends: give <c>Server</c> to the manager and drive <c>Client</c> from a test.</summary>
    /// <param name="request">What the server end reports as its handshake; an empty request when omitted.</param>
    /// <returns>The two ends.</returns>
    public static (InMemoryConnection Server, InMemoryConnection Client) CreatePair(ConnectionRequest? request = null)
    {
        request ??= new ConnectionRequest();
        var server = new InMemoryConnection(request, ConnectionIds.Create());
        var client = new InMemoryConnection(new ConnectionRequest(), ConnectionIds.Create());
        server._peer = client;
        client._peer = server;
        return (server, client);
    }

    /// <inheritdoc />
    public ValueTask SendAsync(ReadOnlyMemory<byte> utf8Message, CancellationToken cancellationToken = default)
        => SendAsync(ReceivedMessageType.Text, utf8Message.ToArray());

    /// <summary>Sends one binary message to the other end.</summary>
    /// <param name="payload">The payload.</param>
    /// <returns>A completed task.</returns>
    public ValueTask SendBinaryAsync(ReadOnlyMemory<byte> payload) => SendAsync(ReceivedMessageType.Binary, payload.ToArray());

    /// <inheritdoc />
    public async ValueTask<ReceiveResult> ReceiveAsync(IBufferWriter<byte> destination, int maxMessageBytes, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(destination);
        Frame frame;
        try
        {
            frame = await _inbound.Reader.ReadAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (ChannelClosedException)
        {
            throw new IOException("The connection was aborted.");
        }

        switch (frame.Type)
        {
            case ReceivedMessageType.Close:
                ReceivedCloseCode = frame.CloseCode;
                return new(ReceivedMessageType.Close, 0, frame.CloseCode, frame.Reason);
            case ReceivedMessageType.Binary:
                return new(ReceivedMessageType.Binary, 0);
        }

        if (frame.Payload.Length > maxMessageBytes)
        {
            return new(ReceivedMessageType.TooLarge, frame.Payload.Length);
        }

        destination.Write(frame.Payload);
        return new(ReceivedMessageType.Text, frame.Payload.Length);
    }

    /// <inheritdoc />
    public ValueTask CloseAsync(int closeCode, string reason, CancellationToken cancellationToken = default)
    {
        if (Interlocked.Exchange(ref _closeSent, 1) == 0)
        {
            _peer._inbound.Writer.TryWrite(new Frame(ReceivedMessageType.Close, [], closeCode, reason));
        }

        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    public void Abort()
    {
        _inbound.Writer.TryComplete();
        _peer._inbound.Writer.TryComplete();
    }

    private ValueTask SendAsync(ReceivedMessageType type, byte[] payload)
    {
        if (Volatile.Read(ref _closeSent) != 0 || !_peer._inbound.Writer.TryWrite(new Frame(type, payload, null, null)))
        {
            throw new IOException("The connection is closed.");
        }

        return ValueTask.CompletedTask;
    }

    private readonly record struct Frame(ReceivedMessageType Type, byte[] Payload, int? CloseCode, string? Reason);
}
