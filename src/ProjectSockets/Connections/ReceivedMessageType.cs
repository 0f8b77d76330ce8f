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
}
