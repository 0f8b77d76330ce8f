namespace ProjectSockets;

/// <summary>The WebSocket close codes the protocol uses.</summary>
public static class ProtocolCloseCodes
{
    /// <summary>Normal closure: the host disconnected the connection on purpose. No reconnect.</summary>
    public const int Normal = 1000;

    /// <summary>The server is shutting down. Reconnect.</summary>
    public const int GoingAway = 1001;

    /// <summary>A binary message was received. No reconnect.</summary>
    public const int UnsupportedData = 1003;

    /// <summary>A text message was not valid UTF-8. No reconnect.</summary>
    public const int InvalidPayload = 1007;

    /// <summary>Repeated protocol errors or sustained flooding. No reconnect.</summary>
    public const int PolicyViolation = 1008;

    /// <summary>A message larger than <c>maxMessageBytes</c>. No reconnect.</summary>
    public const int MessageTooBig = 1009;

    /// <summary>An unexpected server error. Reconnect.</summary>
    public const int InternalError = 1011;

    /// <summary>Slow consumer: the send queue overflowed. Reconnect and resume.</summary>
    public const int SlowConsumer = 4001;

    /// <summary>Heartbeat timeout: nothing heard within the timeout. Reconnect.</summary>
    public const int HeartbeatTimeout = 4002;

    /// <summary>
    /// The connection's credentials expired and the client did not refresh them in time. Reconnect with new
    /// credentials.
    /// </summary>
    public const int CredentialsExpired = 4003;

    /// <summary>Returns whether the protocol advises a client to reconnect after <paramref name="closeCode"/>.</summary>
    /// <param name="closeCode">The close code.</param>
    /// <returns><see langword="true"/> for 1001, 1011, 4001, 4002 and 4003.</returns>
    public static bool ShouldReconnect(int closeCode)
        => closeCode is GoingAway or InternalError or SlowConsumer or HeartbeatTimeout or CredentialsExpired;
}
