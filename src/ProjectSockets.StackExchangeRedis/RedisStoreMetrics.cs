using System.Diagnostics.Metrics;

namespace ProjectSockets.StackExchangeRedis;

/// <summary>
/// The Redis store's meter, <c>ProjectSockets.StackExchangeRedis</c>, made once per service provider through its
/// <see cref="IMeterFactory"/>: Redis operations, gaps found and filled, resets, and the connection's failures and
/// reconnections. Tags are low-cardinality: never a project id.
/// </summary>
internal sealed class RedisStoreMetrics : IDisposable
{
    /// <summary>The name of the Redis store's meter.</summary>
    public const string MeterName = "ProjectSockets.StackExchangeRedis";

    public const string OperationTag = "projectsockets.redis.operation";
    public const string OutcomeTag = "projectsockets.redis.outcome";
    public const string FillReasonTag = "projectsockets.redis.fill.reason";
    public const string ConnectionTypeTag = "projectsockets.redis.connection.type";

    private readonly Histogram<double> _operations;
    private readonly Counter<long> _gapsDetected;
    private readonly Counter<long> _gapFills;
    private readonly Counter<long> _eventsFromHistory;
    private readonly Counter<long> _resets;
    private readonly Counter<long> _reconnects;
    private readonly Counter<long> _connectionFailures;

    private readonly Meter? _ownMeter;

    /// <summary>Creates the instruments on the factory's meter, or on one made and owned here when there is no factory.</summary>
    public RedisStoreMetrics(IMeterFactory? meterFactory = null)
    {
        var options = new MeterOptions(MeterName) { Version = typeof(RedisStoreMetrics).Assembly.GetName().Version?.ToString() };
        var meter = Meter = meterFactory?.Create(options) ?? (_ownMeter = new Meter(options));
        _operations = meter.CreateHistogram(
            "projectsockets.redis.operation.duration",
            "s",
            "How long the store's Redis operations took (append, read, subscribe), by operation and outcome.",
            tags: null,
            new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 5] });
        _gapsDetected = meter.CreateCounter<long>("projectsockets.redis.gaps.detected", "{gap}", "Channel messages that showed this node had missed events.");
        _gapFills = meter.CreateCounter<long>("projectsockets.redis.gap_fills", "{fill}", "Missed events delivered from history, after a gap or at a catch-up check.");
        _eventsFromHistory = meter.CreateCounter<long>("projectsockets.redis.events_from_history", "{event}", "Events delivered from history instead of the channel.");
        _resets = meter.CreateCounter<long>("projectsockets.redis.resets", "{reset}", "Projects whose subscribers were closed with 4001 because the events they missed were no longer in history.");
        _reconnects = meter.CreateCounter<long>("projectsockets.redis.reconnects", "{reconnect}", "Redis connections restored, by connection type.");
        _connectionFailures = meter.CreateCounter<long>("projectsockets.redis.connection_failures", "{failure}", "Redis connections lost or not made, by connection type.");
    }

    /// <summary>Gets the meter the instruments belong to (for tests: one per service provider).</summary>
    public Meter Meter { get; }

    /// <summary>Records one Redis operation of the store.</summary>
    public void Operation(string operation, bool succeeded, TimeSpan duration)
        => _operations.Record(
            duration.TotalSeconds,
            new KeyValuePair<string, object?>(OperationTag, operation),
            new KeyValuePair<string, object?>(OutcomeTag, succeeded ? "success" : "failure"));

    public void GapDetected() => _gapsDetected.Add(1);

    public void Filled(bool afterGap) => _gapFills.Add(1, new KeyValuePair<string, object?>(FillReasonTag, afterGap ? "gap" : "catch_up"));

    public void DeliveredFromHistory(int count) => _eventsFromHistory.Add(count);

    public void Reset() => _resets.Add(1);

    public void Reconnected(string connectionType) => _reconnects.Add(1, new KeyValuePair<string, object?>(ConnectionTypeTag, connectionType));

    public void ConnectionFailed(string connectionType) => _connectionFailures.Add(1, new KeyValuePair<string, object?>(ConnectionTypeTag, connectionType));

    /// <summary>Disposes the meter made here; one from the factory is the factory's to dispose.</summary>
    public void Dispose() => _ownMeter?.Dispose();
}
