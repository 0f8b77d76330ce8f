using System.Text;

namespace ProjectSockets.StackExchangeRedis;

internal sealed partial class ProjectFeed
{
    /// <summary>Moves the cursor to the head Redis reported, delivering what is missing or resetting. Caller holds the lock.</summary>
    /// <returns>How many events were delivered from history.</returns>
    private int Advance(HistoryRead read, List<ProjectEvent> events)
    {
        if (!_initialized)
        {
            Adopt(read);
            return 0;
        }

        if (!string.Equals(read.Epoch, _epoch, StringComparison.Ordinal))
        {
            Reset("its history was lost (new epoch)");
        }
        else if (read.Seq < _cursor)
        {
            Reset("Redis is behind what this node delivered");
        }
        else if (read.Seq > _cursor)
        {
            var delivered = 0;
            if (read.Covers(_cursor))
            {
                foreach (var projectEvent in events)
                {
                    if (projectEvent.Seq == _cursor + 1)
                    {
                        DeliverLocked(projectEvent);
                        delivered++;
                    }
                }
            }

            _store.Statistics.DeliveredFromHistory(delivered);
            if (_cursor != read.Seq)
            {
                Reset("history no longer holds every event this node missed");
            }

            Adopt(read);
            return delivered;
        }

        Adopt(read);
        return 0;
    }

    /// <summary>Hands the next event to the manager and moves the cursor. Caller holds the lock.</summary>
    private int DeliverLocked(ProjectEvent projectEvent)
    {
        _cursor = projectEvent.Seq;
        var count = _store.Sink.Deliver(projectEvent);
        _recent[projectEvent.Seq % _recent.Length] = (projectEvent.Seq, count);
        return count;
    }

    private void Adopt(HistoryRead read)
    {
        if (!string.Equals(read.Epoch, _epoch, StringComparison.Ordinal))
        {
            _epoch = read.Epoch;
            _epochBytes = Encoding.UTF8.GetBytes(read.Epoch);
        }

        _cursor = read.Seq;
        _initialized = true;
    }

    private void Reset(string reason)
    {
        // Counted before the subscribers are closed: whoever sees the close also sees the count.
        _store.Statistics.Reset(_store.Sink.GetSubscriberCount(Project));
        var closed = _store.Sink.ResetProject(Project);
        RedisProjectEventStoreLog.ProjectReset(_store.Logger, Project, reason, closed);
    }
}
