using ProjectSockets.Client.Internal;

namespace ProjectSockets.Client;

public sealed partial class ProjectSocketsClient
{
    /// <summary>
    /// Starts the connection's heartbeat with the server's figures from <c>welcome</c>: one timer per connection,
    /// ticking at half the shorter of interval and timeout.
    /// </summary>
    private void StartHeartbeat(ClientSession session)
    {
        if (session.HeartbeatInterval <= TimeSpan.Zero || session.HeartbeatTimeout <= TimeSpan.Zero)
        {
            return;
        }

        var tick = TimeSpan.FromTicks(Math.Max(TimeSpan.TicksPerMillisecond, Math.Min(session.HeartbeatInterval.Ticks, session.HeartbeatTimeout.Ticks) / 2));
        session.MarkHeard();
        session.HeartbeatTimer = _timeProvider.CreateTimer(static state => ((HeartbeatState)state!).Tick(), new HeartbeatState(this, session), tick, tick);
    }

    /// <summary>
    /// One tick: a server silent for the heartbeat timeout is given up (and the client reconnects); after one quiet
    /// interval the client pings, so that a live server always has something to answer. Time the receive loop spends
    /// waiting for the application does not count as silence.
    /// </summary>
    private void CheckHeartbeat(ClientSession session)
    {
        var now = _timeProvider.GetTimestamp();
        var dispatching = session.IsDispatching;
        var quiet = session.QuietFor(now);
        if (!dispatching && quiet >= session.HeartbeatTimeout)
        {
            ProjectSocketsClientLog.ServerSilent(_logger, quiet, session.ConnectionId);
            session.Abort("heartbeat timeout: the server was silent");
            return;
        }

        if (_options.PingWhenIdle && (quiet >= session.HeartbeatInterval || dispatching)
            && _timeProvider.GetElapsedTime(session.LastPing, now) >= session.HeartbeatInterval)
        {
            session.LastPing = now;
            _ = PingAsync(session);
        }
    }

    private static async Task PingAsync(ClientSession session)
    {
        try
        {
            await session.SendAsync(ClientMessageWriter.Ping, session.Lifetime);
        }
        catch (Exception)
        {
            // A ping that cannot be sent means the connection is ending; the receive loop reports that.
        }
    }

    private sealed class HeartbeatState(ProjectSocketsClient client, ClientSession session)
    {
        public void Tick() => client.CheckHeartbeat(session);
    }
}
