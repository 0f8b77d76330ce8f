using System.Buffers;

namespace ProjectSockets;

/// <summary>
/// One client connection as the core sees it: whole text messages in and out, a close handshake and an abort.
/// </summary>
/// <remarks>
/// The core calls <see cref="SendAsync"/> from one writer at a time and <see cref="ReceiveAsync"/> from one reader
/// at a time; the two may run concurrently with each other. The core sends without a cancellation token and ends a
/// send that takes too long with <see cref="Abort"/>, so an implementation must make a pending send fail when it is
/// aborted, as a socket does.
/// </remarks>
public interface IConnection
{
    /// <summary>Gets the random, unguessable identifier of this connection.</summary>
    string Id { get; }

    /// <summary>Gets what the host learned at the handshake.</summary>
    ConnectionRequest Request { get; }

    /// <summary>
    /// Sends one whole UTF-8 text message. Must not block the calling thread, which may be the one that published an
    /// event: a send that cannot finish at once returns an incomplete task.
    /// </summary>
    /// <param name="utf8Message">The message bytes.</param>
    /// <param name="cancellationToken">Cancels the send; the connection may be unusable afterwards.</param>
    /// <returns>A task that completes when the message has been handed to the transport.</returns>
    ValueTask SendAsync(ReadOnlyMemory<byte> utf8Message, CancellationToken cancellationToken = default);

    /// <summary>
    /// Receives one whole message into <paramref name="destination"/>, reading no more than
    /// <paramref name="maxMessageBytes"/> + 1 bytes of it.
    /// </summary>
    /// <param name="destination">Where the payload of a text message is written.</param>
    /// <param name="maxMessageBytes">The largest message accepted; a larger one yields <see cref="ReceivedMessageType.TooLarge"/>.</param>
    /// <param name="cancellationToken">Cancels the receive.</param>
    /// <returns>What was received.</returns>
    ValueTask<ReceiveResult> ReceiveAsync(IBufferWriter<byte> destination, int maxMessageBytes, CancellationToken cancellationToken = default);

    /// <summary>Starts the close handshake with a close code and reason.</summary>
    /// <param name="closeCode">The WebSocket close code.</param>
    /// <param name="reason">A short reason (at most 123 UTF-8 bytes are sent).</param>
    /// <param name="cancellationToken">Cancels the close.</param>
    /// <returns>A task that completes when the close frame has been sent.</returns>
    ValueTask CloseAsync(int closeCode, string reason, CancellationToken cancellationToken = default);

    /// <summary>
    /// Ends the connection at once, without a close handshake. A pending <see cref="SendAsync"/> or
    /// <see cref="ReceiveAsync"/> fails, and so does every later one.
    /// </summary>
    void Abort();
}
