namespace ProjectSockets;

/// <summary>One project's seq, epoch, history and remembered publish ids in the in-memory store; used under its lock.</summary>
internal sealed class InMemoryProjectLog(string epoch, DateTimeOffset created, ProjectSettings settings)
{
    private readonly Queue<ProjectEvent> _events = new();
    private long _bytes;
    private long _lastActiveTicks = created.UtcTicks;

    public string Epoch { get; } = epoch;

    /// <summary>Gets the project's resolved settings (its namespace's, or the global ones).</summary>
    public ProjectSettings Settings { get; } = settings;

    /// <summary>Gets the project's remembered publish ids.</summary>
    public IdempotencyKeys Keys { get; } = new();

    /// <summary>Set under the lock when the sweep has forgotten the project: whoever finds it then looks again.</summary>
    public bool Reclaimed { get; set; }

    /// <summary>Gets when the project was last appended to, attached or detached.</summary>
    public DateTimeOffset LastActive => new(Volatile.Read(ref _lastActiveTicks), TimeSpan.Zero);

    public long Seq { get; set; }

    public int Count => _events.Count;

    /// <summary>Records activity; safe without the lock (a detach under the manager's lock takes none).</summary>
    public void Touch(DateTimeOffset now) => Volatile.Write(ref _lastActiveTicks, now.UtcTicks);

    /// <summary>Gets the oldest seq in history, or <see cref="Seq"/> + 1 when history is empty.</summary>
    public long OldestKept => _events.TryPeek(out var oldest) ? oldest.Seq : Seq + 1;

    public void Append(ProjectEvent projectEvent, DateTimeOffset now)
    {
        _events.Enqueue(projectEvent);
        _bytes += projectEvent.Message.Length;
        Trim(now);
    }

    public void Trim(DateTimeOffset now)
    {
        while (_events.TryPeek(out var oldest)
            && (_events.Count > Settings.HistoryMaxEvents || _bytes > Settings.HistoryMaxBytes || now - oldest.Timestamp > Settings.HistoryMaxAge))
        {
            _events.Dequeue();
            _bytes -= oldest.Message.Length;
        }
    }

    /// <summary>The events after <paramref name="since"/>, or null when they cannot all be replayed.</summary>
    public List<ProjectEvent>? TryGetSince(long? since, string? epoch)
    {
        if (since is not { } after || !string.Equals(epoch, Epoch, StringComparison.Ordinal) || after > Seq)
        {
            return null;
        }

        if (after == Seq)
        {
            return [];
        }

        // Every event after 'since' must still be here: the oldest kept one may be at most since + 1.
        if (!_events.TryPeek(out var oldest) || oldest.Seq > after + 1)
        {
            return null;
        }

        var replay = new List<ProjectEvent>((int)(Seq - after));
        foreach (var projectEvent in _events)
        {
            if (projectEvent.Seq > after)
            {
                replay.Add(projectEvent);
            }
        }

        return replay;
    }

    /// <summary>Up to <paramref name="limit"/> kept events from seq <paramref name="from"/> on, oldest first.</summary>
    public List<ProjectEvent> Read(long from, int limit)
    {
        var page = new List<ProjectEvent>(Math.Min(limit, _events.Count));
        foreach (var projectEvent in _events)
        {
            if (page.Count == limit)
            {
                break;
            }

            if (projectEvent.Seq >= from)
            {
                page.Add(projectEvent);
            }
        }

        return page;
    }
}
