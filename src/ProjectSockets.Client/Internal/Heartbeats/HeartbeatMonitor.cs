namespace ProjectSockets.Client.Internal;

/// <summary>
/// The client's heartbeat: one timer per connection, started with the server's figures from <c>welcome</c>. It gives a
/// silent server up (the client then reconnects) and pings after a quiet interval, so that a live server always has
/// something to answer.
/// </summary>
/// <param name="context">The client's settings, clock and log.</param>
internal sealed class HeartbeatMonitor(ClientContext context)
{
    /// <summary>Starts the connection's timer, ticking at half the shorter of interval and timeout.</summary>
    public void Start(ClientSession session)
    {
        var heartbeat = session.Heartbeat;
        if (heartbeat.Interval <= TimeSpan.Zero || heartbeat.Timeout <= TimeSpan.Zero)
        {
            return;
        }

        var tick = TimeSpan.FromTicks(Math.Max(TimeSpan.TicksPerMillisecond, Math.Min(heartbeat.Interval.Ticks, heartbeat.Timeout.Ticks) / 2));
        heartbeat.MarkHeard();
        heartbeat.Timer = context.TimeProvider.CreateTimer(
            static state =>
            {
                var (monitor, session) = ((HeartbeatMonitor, ClientSession))state!;
                monitor.Check(session);
            },
            (this, session),
            tick,
            tick);
    }

    /// <summary>
    /// One tick: a server silent for the heartbeat timeout is given up; after one quiet interval the client pings. Time
    /// the receive loop spends waiting for the application does not count as silence.
    /// </summary>
    private void Check(ClientSession session)
    {
        var heartbeat = session.Heartbeat;
        var now = context.TimeProvider.GetTimestamp();
        var dispatching = heartbeat.IsDispatching;
        var quiet = heartbeat.QuietFor(now);
        if (!dispatching && quiet >= heartbeat.Timeout)
        {
            ProjectSocketsClientLog.ServerSilent(context.Logger, quiet, session.ConnectionId);
            session.Abort("heartbeat timeout: the server was silent");
            return;
        }

        if (context.Options.PingWhenIdle && (quiet >= heartbeat.Interval || dispatching)
            && context.TimeProvider.GetElapsedTime(heartbeat.LastPing, now) >= heartbeat.Interval)
        {
            heartbeat.LastPing = now;
            _ = PingAsync(session);
        }
    }

    private static async Task PingAsync(ClientSession session)
    {
        try
        {
            await session.SendAsync(ClientMessageWriter.Ping, session.Lifetime).ConfigureAwait(false);
        }
        catch (Exception)
        {
            // A ping that cannot be sent means the connection is ending; the receive loop reports that.
        }
    }
}
