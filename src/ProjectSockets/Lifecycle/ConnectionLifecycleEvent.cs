namespace ProjectSockets;

/// <summary>One thing that happened to a connection, handed to the host's lifecycle hooks.</summary>
public sealed class ConnectionLifecycleEvent
{
    internal ConnectionLifecycleEvent(ConnectionLifecycleEventKind kind, string connectionId, ConnectionRequest request, DateTimeOffset timestamp)
    {
        Kind = kind;
        ConnectionId = connectionId;
        Request = request;
        Timestamp = timestamp;
    }

    /// <summary>Gets what happened.</summary>
    public ConnectionLifecycleEventKind Kind { get; }

    /// <summary>Gets the id of the connection.</summary>
    public string ConnectionId { get; }

    /// <summary>Gets what the host learned at the connection's handshake.</summary>
    public ConnectionRequest Request { get; }

    /// <summary>Gets the id of the connection's user, or <see langword="null"/> when anonymous.</summary>
    public string? UserId => Request.UserId;

    /// <summary>Gets when it happened (the manager's <see cref="TimeProvider"/>).</summary>
    public DateTimeOffset Timestamp { get; }

    /// <summary>Gets the project of <see cref="ConnectionLifecycleEventKind.Subscribed"/> and <see cref="ConnectionLifecycleEventKind.Unsubscribed"/>; otherwise <see langword="null"/>.</summary>
    public string? Project { get; init; }

    /// <summary>Gets the close code of <see cref="ConnectionLifecycleEventKind.Disconnected"/> (the one the server sent or echoed); otherwise <see langword="null"/>.</summary>
    public int? CloseCode { get; init; }

    /// <summary>Gets the close reason of <see cref="ConnectionLifecycleEventKind.Disconnected"/> (empty when the client closed); otherwise <see langword="null"/>.</summary>
    public string? CloseReason { get; init; }
}
