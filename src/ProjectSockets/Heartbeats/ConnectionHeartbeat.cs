namespace ProjectSockets;

/// <summary>One connection's heartbeat: when the client was last heard, when it was last pinged.</summary>
internal sealed class ConnectionHeartbeat
{
    private readonly HeartbeatPolicy _policy;
    private readonly TimeProvider _timeProvider;
    private long _lastHeard;
    private long _lastPing;

    public ConnectionHeartbeat(HeartbeatPolicy policy, TimeProvider timeProvider)
    {
        _policy = policy;
        _timeProvider = timeProvider;
        _lastHeard = _lastPing = timeProvider.GetTimestamp();
        OpenedAt = timeProvider.GetUtcNow();
    }

    /// <summary>Gets when the connection opened (shown as a presence member's <c>connectedAt</c>).</summary>
    public DateTimeOffset OpenedAt { get; }

    /// <summary>Records that something was heard from the client.</summary>
    public void MarkHeard() => Volatile.Write(ref _lastHeard, _timeProvider.GetTimestamp());

    /// <summary>Decides this connection's heartbeat at one timer tick.</summary>
    public HeartbeatAction CheckHeartbeat(long now)
    {
        var quiet = _timeProvider.GetElapsedTime(Volatile.Read(ref _lastHeard), now);
        if (quiet >= _policy.Timeout)
        {
            return HeartbeatAction.Close;
        }

        if (quiet >= _policy.Interval && _timeProvider.GetElapsedTime(_lastPing, now) >= _policy.Interval)
        {
            _lastPing = now;
            return HeartbeatAction.Ping;
        }

        return HeartbeatAction.None;
    }
}
