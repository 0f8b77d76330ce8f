namespace ProjectSockets;

/// <summary>
/// One project's remembered publish ids, under the project's lock: each maps to the seq and epoch its first publish
/// got, until its window ends. A project's window is fixed, so keys expire in the order they were added.
/// </summary>
internal sealed class IdempotencyKeys
{
    private readonly Dictionary<string, (long Seq, string Epoch)> _results = new(StringComparer.Ordinal);
    private readonly Queue<(string Key, long ExpiresTicks)> _expiry = new();

    public int Count => _results.Count;

    /// <summary>Forgets the keys whose window has ended.</summary>
    public void Prune(DateTimeOffset now)
    {
        while (_expiry.TryPeek(out var oldest) && oldest.ExpiresTicks <= now.UtcTicks)
        {
            _expiry.Dequeue();
            _results.Remove(oldest.Key);
        }
    }

    /// <summary>Finds the first result of a key still within its window.</summary>
    public bool TryGet(string key, DateTimeOffset now, out (long Seq, string Epoch) result)
    {
        Prune(now);
        return _results.TryGetValue(key, out result);
    }

    /// <summary>Remembers a key's first result; beyond <paramref name="maxKeys"/>, the oldest key is forgotten early.</summary>
    public void Add(string key, long seq, string epoch, DateTimeOffset expires, int maxKeys)
    {
        while (_results.Count >= maxKeys && _expiry.TryDequeue(out var oldest))
        {
            _results.Remove(oldest.Key);
        }

        _results[key] = (seq, epoch);
        _expiry.Enqueue((key, expires.UtcTicks));
    }
}
