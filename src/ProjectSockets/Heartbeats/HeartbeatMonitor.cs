using Microsoft.Extensions.Logging;

namespace ProjectSockets;

/// <summary>
/// One timer for every connection of the manager: at each tick it trims idle send queues, pings the connections that
/// have been quiet for an interval, and closes with 4000 those that stayed silent past the timeout.
/// </summary>
internal sealed class HeartbeatMonitor : IDisposable
{
    private readonly ConnectionRegistry _registry;
    private readonly SendQueueWaker _waker;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly ITimer _timer;

    public HeartbeatMonitor(HeartbeatPolicy heartbeat, ConnectionRegistry registry, SendQueueWaker waker, TimeProvider timeProvider, ILogger logger)
    {
        _registry = registry;
        _waker = waker;
        _timeProvider = timeProvider;
        _logger = logger;

        // A tick of half an interval bounds how late a ping or a timeout can be.
        var tick = TimeSpan.FromTicks(Math.Max(TimeSpan.TicksPerMillisecond, heartbeat.Interval.Ticks / 2));
        _timer = timeProvider.CreateTimer(static state => ((HeartbeatMonitor)state!).OnTick(), this, tick, tick);
    }

    public void Dispose() => _timer.Dispose();

    private void OnTick()
    {
        var now = _timeProvider.GetTimestamp();

        // Pings wake their writers as a broadcast does (see SendQueueWaker): usually on this timer thread once every
        // connection is looked at, in chunks on the thread pool in a burst; never one work item per connection.
        using var wakeUps = _waker.BeginBatch();

        // Enumerating the dictionary itself takes no lock and copies nothing (see ConnectionRegistry.All).
        foreach (var (_, state) in _registry.All)
        {
            state.TrimSendQueue();
            if (state.IsClosing)
            {
                continue;
            }

            switch (state.Heartbeat.CheckHeartbeat(now))
            {
                case HeartbeatAction.Ping:
                    state.TryEnqueue(ProtocolWriter.Ping);
                    break;
                case HeartbeatAction.Close:
                    ProjectSocketsLog.HeartbeatTimeout(_logger, state.Id);
                    state.Metrics.Connections.HeartbeatTimedOut();
                    state.RequestClose(ProtocolCloseCodes.HeartbeatTimeout, "heartbeat timeout", sendDisconnected: true, discardPending: true);
                    break;
            }
        }
    }
}
