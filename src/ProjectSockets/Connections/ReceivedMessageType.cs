namespace ProjectSockets;

/// <summary>What <see cref="IConnection.ReceiveAsync"/> received.</summary>
public enum ReceivedMessageType
{
    /// <summary>A whole text message, written to the destination.</summary>
    Text,

    /// <summary>A binary message; its payload was not read.</summary>
    Binary,

    /// <summary>The peer sent a close frame.</summary>
    Close,

    /// <summary>A text message larger than the limit; reading stopped at the limit.</summary>
    TooLarge,

    /// <summary>
    /// The transport refused what the peer sent and failed the connection itself (RFC 6455 section 7.1.7): a text
    /// message that is not valid UTF-8, or a frame that breaks the WebSocket protocol. Its own close frame is already
    /// on its way, so nothing more can be sent, and the connection must end without an abort, which could discard
    /// that frame.
    /// </summary>
    Rejected,
}
