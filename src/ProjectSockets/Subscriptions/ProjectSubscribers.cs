namespace ProjectSockets;

/// <summary>
/// One project's subscribers on this node, as an immutable array swapped on change (copy-on-write): broadcasting
/// reads it without a lock.
/// </summary>
internal sealed class ProjectSubscribers
{
    private volatile Subscriber[] _items = [];

    public Subscriber[] Items => _items;

    /// <summary>Set under the lock when the last subscriber leaves and the set is dropped from the index.</summary>
    public bool Removed { get; set; }

    /// <summary>Adds or replaces the connection's subscriber. Caller holds the lock.</summary>
    /// <returns><see langword="true"/> when it was added, <see langword="false"/> when it replaced one.</returns>
    public bool Set(Subscriber subscriber)
    {
        var items = _items;
        for (var i = 0; i < items.Length; i++)
        {
            if (ReferenceEquals(items[i].Connection, subscriber.Connection))
            {
                var copy = (Subscriber[])items.Clone();
                copy[i] = subscriber;
                _items = copy;
                return false;
            }
        }

        _items = [.. items, subscriber];
        return true;
    }

    /// <summary>Removes the connection's subscriber. Caller holds the lock.</summary>
    public bool Remove(ConnectionState connection)
    {
        var items = _items;
        var index = Array.FindIndex(items, s => ReferenceEquals(s.Connection, connection));
        if (index < 0)
        {
            return false;
        }

        _items = [.. items.AsSpan(0, index), .. items.AsSpan(index + 1)];
        return true;
    }
}
