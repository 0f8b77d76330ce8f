namespace ProjectSockets.Client.Internal;

/// <summary>
/// One connection's liveness: when the server was last heard, whether the receive loop is waiting for the application,
/// when the client last pinged, the server's heartbeat figures and the timer the <see cref="HeartbeatMonitor"/> runs.
/// </summary>
internal sealed class SessionHeartbeat : IDisposable
{
    private readonly TimeProvider _timeProvider;
    private long _lastHeard;
    private int _dispatching;

    public SessionHeartbeat(TimeProvider timeProvider)
    {
        _timeProvider = timeProvider;
        _lastHeard = LastPing = timeProvider.GetTimestamp();
    }

    /// <summary>Gets or sets the server's heartbeat interval from <c>welcome</c>.</summary>
    public TimeSpan Interval { get; set; }

    /// <summary>Gets or sets the server's heartbeat timeout from <c>welcome</c>.</summary>
    public TimeSpan Timeout { get; set; }

    /// <summary>Gets or sets the timer that checks the connection; disposed with it.</summary>
    public ITimer? Timer { get; set; }

    public long LastPing { get; set; }

    /// <summary>Gets whether the receive loop is handing an event to the application (and may wait for it).</summary>
    public bool IsDispatching => Volatile.Read(ref _dispatching) != 0;

    public void SetDispatching(bool value) => Volatile.Write(ref _dispatching, value ? 1 : 0);

    public void MarkHeard() => Volatile.Write(ref _lastHeard, _timeProvider.GetTimestamp());

    public TimeSpan QuietFor(long now) => _timeProvider.GetElapsedTime(Volatile.Read(ref _lastHeard), now);

    public void Dispose() => Timer?.Dispose();
}
