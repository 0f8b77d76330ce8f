namespace ProjectSockets.StackExchangeRedis;

/// <summary>
/// Counts what the store did to keep delivery whole: gaps found and filled, projects reset; for tests here, and for
/// operators through the store's meter (<see cref="RedisStoreMetrics"/>).
/// </summary>
internal sealed class RedisStoreStatistics(RedisStoreMetrics metrics)
{
    private long _gapsDetected;
    private long _gapsFilled;
    private long _catchUpsFilled;
    private long _eventsFromHistory;
    private long _resets;
    private long _subscribersReset;

    /// <summary>Gets how many times a channel message showed that this node had missed events.</summary>
    public long GapsDetected => Interlocked.Read(ref _gapsDetected);

    /// <summary>Gets how many of those gaps were filled from history.</summary>
    public long GapsFilled => Interlocked.Read(ref _gapsFilled);

    /// <summary>Gets how many checks after a reconnection (or periodic ones) found and delivered missed events.</summary>
    public long CatchUpsFilled => Interlocked.Read(ref _catchUpsFilled);

    /// <summary>Gets how many events were delivered from history instead of the channel.</summary>
    public long EventsFromHistory => Interlocked.Read(ref _eventsFromHistory);

    /// <summary>Gets how many times a project's subscribers had to be reset (history lost or trimmed).</summary>
    public long Resets => Interlocked.Read(ref _resets);

    /// <summary>Gets how many subscribers those resets closed.</summary>
    public long SubscribersReset => Interlocked.Read(ref _subscribersReset);

    public RedisStoreMetrics Metrics => metrics;

    public void GapDetected()
    {
        Interlocked.Increment(ref _gapsDetected);
        metrics.GapDetected();
    }

    public void Filled(bool afterGap)
    {
        Interlocked.Increment(ref afterGap ? ref _gapsFilled : ref _catchUpsFilled);
        metrics.Filled(afterGap);
    }

    public void DeliveredFromHistory(int count)
    {
        Interlocked.Add(ref _eventsFromHistory, count);
        metrics.DeliveredFromHistory(count);
    }

    public void Reset(int subscribers)
    {
        metrics.Reset();
        Interlocked.Increment(ref _resets);
        Interlocked.Add(ref _subscribersReset, subscribers);
    }
}
