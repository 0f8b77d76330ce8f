namespace ProjectSockets;

/// <summary>
/// The heartbeat policy: after one quiet <see cref="Interval"/> the server sends <c>ping</c>; after a quiet
/// <see cref="Timeout"/> it closes the connection with 4002. One timer serves every connection.
/// </summary>
public sealed class HeartbeatPolicy
{
    /// <summary>Gets or sets how long a connection may be quiet before the server pings it.</summary>
    /// <value>Default is 30 seconds. Must be at least 1 millisecond and less than <see cref="Timeout"/>.</value>
    public TimeSpan Interval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Gets or sets how long a connection may be quiet before it is closed with 4002.</summary>
    /// <value>Default is 90 seconds. Must be greater than <see cref="Interval"/>.</value>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(90);
}
