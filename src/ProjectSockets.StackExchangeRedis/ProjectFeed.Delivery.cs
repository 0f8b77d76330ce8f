using StackExchange.Redis;

namespace ProjectSockets.StackExchangeRedis;

internal sealed partial class ProjectFeed
{
    /// <summary>
    /// Delivers this node's own publish at once when it is the next event and the feed is not busy with Redis;
    /// otherwise the channel brings it (often it already has: the channel message can arrive before the reply).
    /// </summary>
    /// <returns>How many local subscribers it was queued for; 0 when that is not known yet.</returns>
    public int DeliverOwn(long seq, string epoch, long unixMs, string eventName, ReadOnlySpan<byte> data)
    {
        lock (_sync)
        {
            if (_subscription is null || !_initialized || !string.Equals(epoch, _epoch, StringComparison.Ordinal))
            {
                return 0;
            }

            if (seq <= _cursor)
            {
                var recent = _recent[seq % _recent.Length];
                return recent.Seq == seq ? recent.Count : 0;
            }

            return seq == _cursor + 1 && !_paused
                ? DeliverLocked(ProjectEvent.Create(Project, eventName, seq, _epoch, DateTimeOffset.FromUnixTimeMilliseconds(unixMs), data))
                : 0;
        }
    }

    /// <summary>Delivers a channel message when it is the next event, skips one already delivered.</summary>
    /// <returns><see langword="false"/> when it shows a gap or a new epoch: Redis must be read.</returns>
    private bool TryDeliver(ChannelMessageQueue? source, RedisValue message)
    {
        if (!ReferenceEquals(source, _subscription) || !_initialized)
        {
            // From a subscription this feed has since left, or before the first attach set the cursor.
            return true;
        }

        ReadOnlyMemory<byte> bytes = message;
        if (!HistoryEntry.TryParseMessage(bytes.Span, out var epoch, out var entry))
        {
            RedisProjectEventStoreLog.MalformedMessage(_store.Logger, Project);
            return true;
        }

        lock (_sync)
        {
            if (!epoch.SequenceEqual(_epochBytes))
            {
                return false;
            }

            if (entry.Seq <= _cursor)
            {
                return true;
            }

            if (entry.Seq == _cursor + 1)
            {
                DeliverLocked(entry.ToEvent(Project, _epoch));
                return true;
            }

            _store.Statistics.GapDetected();
            RedisProjectEventStoreLog.GapDetected(_store.Logger, Project, entry.Seq, _cursor);
            return false;
        }
    }

    /// <summary>Brings delivery up to Redis's head (after a gap, or to check): from history, or by resetting the subscribers.</summary>
    private async Task FillAsync(bool afterGap)
    {
        try
        {
            var (read, events) = await ReadPausedAsync(resume: null).ConfigureAwait(false);
            int delivered;
            lock (_sync)
            {
                delivered = Advance(read, events);
                _paused = false;
            }

            if (delivered > 0)
            {
                _store.Statistics.Filled(afterGap);
                RedisProjectEventStoreLog.GapFilled(_store.Logger, Project, delivered);
            }
        }
        catch (Exception exception) when (exception is RedisException or TimeoutException or ObjectDisposedException)
        {
            RedisProjectEventStoreLog.ReadFailed(_store.Logger, Project, exception);
        }
    }

    /// <summary>Compares with Redis after a reconnection or at the periodic check.</summary>
    private async Task CatchUpAsync()
    {
        if (_subscription is null || !_initialized)
        {
            return;
        }

        try
        {
            // Answered on the subscription's own connection: a resubscription sent before it is then in effect,
            // so whatever the read below does not see arrives on the channel.
            await (await _store.GetSubscriberAsync().ConfigureAwait(false)).PingAsync().ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is RedisException or TimeoutException)
        {
            RedisProjectEventStoreLog.ReadFailed(_store.Logger, Project, exception);
            return;
        }

        await FillAsync(afterGap: false).ConfigureAwait(false);
    }

    /// <summary>
    /// Pauses this node's own-publish shortcut and reads the project's position from Redis, with the entries after
    /// the delivery cursor and after <paramref name="resume"/>. The caller unpauses under the lock.
    /// </summary>
    private async Task<(HistoryRead Read, List<ProjectEvent> Events)> ReadPausedAsync(SeqPosition? resume)
    {
        lock (_sync)
        {
            _paused = true;
        }

        try
        {
            var database = await _store.GetDatabaseAsync().ConfigureAwait(false);
            var started = _store.TimeProvider.GetTimestamp();
            HistoryRead read;
            try
            {
                read = await _store.History.ReadAsync(database, Project, _store.NowMs(), _initialized ? new SeqPosition(_cursor, _epoch) : null, resume).ConfigureAwait(false);
            }
            catch
            {
                _store.Statistics.Metrics.Operation("read", succeeded: false, _store.TimeProvider.GetElapsedTime(started));
                throw;
            }

            _store.Statistics.Metrics.Operation("read", succeeded: true, _store.TimeProvider.GetElapsedTime(started));

            // Encoded here, outside the lock; each is encoded once for every subscriber it goes to.
            var events = new List<ProjectEvent>(read.Entries.Length);
            foreach (var value in read.Entries)
            {
                ReadOnlyMemory<byte> bytes = value;
                if (HistoryEntry.TryParse(bytes.Span, out var entry))
                {
                    events.Add(entry.ToEvent(Project, read.Epoch));
                }
            }

            return (read, events);
        }
        catch
        {
            lock (_sync)
            {
                _paused = false;
            }

            throw;
        }
    }
}
