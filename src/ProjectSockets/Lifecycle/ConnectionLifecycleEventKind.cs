namespace ProjectSockets;

/// <summary>What happened to a connection, as a lifecycle hook is told.</summary>
public enum ConnectionLifecycleEventKind
{
    /// <summary>
    /// The connection was accepted; it is about to be welcomed (and subscribed to its route project). Every connection
    /// that is <see cref="Connected"/> is later <see cref="Disconnected"/>.
    /// </summary>
    Connected,

    /// <summary>The connection has ended and left every index; the close code and reason are known.</summary>
    Disconnected,

    /// <summary>The connection subscribed to a project it did not follow (a changed filter is no new subscription).</summary>
    Subscribed,

    /// <summary>The connection left a project: it unsubscribed, or it ended while subscribed.</summary>
    Unsubscribed,
}
