using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;

namespace ProjectSockets;

/// <summary>
/// The connections open on this node, how many handshakes are admitted against the connection limit, and whether
/// the node is shutting down. Shared by the parts of the manager; takes no lock.
/// </summary>
internal sealed class ConnectionRegistry
{
    private readonly ConcurrentDictionary<string, ConnectionState> _connections = new(StringComparer.Ordinal);
    private int _admitted;
    private volatile bool _shuttingDown;

    public int Count => _connections.Count;

    /// <summary>
    /// Gets the connections themselves: enumerating the dictionary takes no lock and copies nothing (its Values would
    /// lock every bucket and copy every connection into a new list).
    /// </summary>
    public ConcurrentDictionary<string, ConnectionState> All => _connections;

    public bool IsShuttingDown => _shuttingDown;

    public void BeginShutdown() => _shuttingDown = true;

    public bool TryGet(string connectionId, [NotNullWhen(true)] out ConnectionState? state)
        => _connections.TryGetValue(connectionId, out state);

    public bool TryAdd(ConnectionState state) => _connections.TryAdd(state.Id, state);

    public void Remove(ConnectionState state) => _connections.TryRemove(new KeyValuePair<string, ConnectionState>(state.Id, state));

    /// <summary>Admits one more connection unless <paramref name="maxConnections"/> are admitted already.</summary>
    public bool TryAdmit(int? maxConnections)
    {
        if (Interlocked.Increment(ref _admitted) > (maxConnections ?? int.MaxValue))
        {
            Interlocked.Decrement(ref _admitted);
            return false;
        }

        return true;
    }

    /// <summary>Gives back an admission once its connection has ended (or was never run).</summary>
    public void Release() => Interlocked.Decrement(ref _admitted);
}
