using System.Diagnostics.Metrics;

namespace ProjectSockets;

/// <summary>The instruments of connections: active, duration by close-code class, received traffic, and the closes an operator alerts on.</summary>
internal sealed class ConnectionMetrics
{
    private readonly UpDownCounter<long> _active;
    private readonly Histogram<double> _duration;
    private readonly Counter<long> _messagesReceived;
    private readonly Counter<long> _bytesReceived;
    private readonly Counter<long> _slowConsumerCloses;
    private readonly Counter<long> _heartbeatTimeouts;
    private readonly Counter<long> _policyCloses;

    public ConnectionMetrics(Meter meter)
    {
        _active = meter.CreateUpDownCounter<long>("projectsockets.server.active_connections", "{connection}", "Number of connections open on this node.");
        _duration = meter.CreateHistogram(
            "projectsockets.server.connection.duration",
            "s",
            "How long connections stayed open, by the class of the code they closed with.",
            tags: null,
            new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.01, 0.1, 1, 5, 30, 60, 300, 900, 3600, 14400, 86400] });
        _messagesReceived = meter.CreateCounter<long>("projectsockets.server.messages.received", "{message}", "WebSocket messages received from clients.");
        _bytesReceived = meter.CreateCounter<long>("projectsockets.server.bytes.received", "By", "Bytes of the WebSocket messages received from clients.");
        _slowConsumerCloses = meter.CreateCounter<long>("projectsockets.server.slow_consumer.closes", "{connection}", "Connections closed with 4001 because their send queue overflowed.");
        _heartbeatTimeouts = meter.CreateCounter<long>("projectsockets.server.heartbeat.timeouts", "{connection}", "Connections closed with 4002 because the client stayed silent past the heartbeat timeout.");
        _policyCloses = meter.CreateCounter<long>("projectsockets.server.policy.closes", "{connection}", "Connections closed because the client broke a rule of the protocol, by close code.");
    }

    public void Opened() => _active.Add(1);

    /// <summary>Records a connection's end: one fewer open, and how long it lived.</summary>
    public void Closed(int closeCode, TimeSpan duration)
    {
        _active.Add(-1);
        _duration.Record(duration.TotalSeconds, new KeyValuePair<string, object?>(MetricTags.CloseCodeClass, MetricTags.CloseCodeClassOf(closeCode)));
    }

    /// <summary>Counts one received WebSocket message of <paramref name="bytes"/> bytes.</summary>
    public void Received(int bytes)
    {
        _messagesReceived.Add(1);
        _bytesReceived.Add(bytes);
    }

    public void SlowConsumerClosed() => _slowConsumerCloses.Add(1);

    public void HeartbeatTimedOut() => _heartbeatTimeouts.Add(1);

    public void PolicyClosed(int closeCode) => _policyCloses.Add(1, new KeyValuePair<string, object?>(MetricTags.CloseCode, MetricTags.CloseCodeOf(closeCode)));
}
