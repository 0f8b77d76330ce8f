using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;

namespace ProjectSockets;

/// <summary>
/// The connections open on this node, how many handshakes are admitted against the connection limit, and whether
/// the node is shutting down, and which connections each user has open. Shared by the parts of the manager; only the
/// user index takes a lock, on connect and disconnect.
/// </summary>
internal sealed class ConnectionRegistry
{
    private readonly ConcurrentDictionary<string, ConnectionState> _connections = new(StringComparer.Ordinal);
    private readonly Dictionary<string, HashSet<string>> _users = new(StringComparer.Ordinal);
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

    /// <summary>Adds an open connection, and to its user's connections when it has a user.</summary>
    public bool TryAdd(ConnectionState state)
    {
        if (!_connections.TryAdd(state.Id, state))
        {
            return false;
        }

        if (state.Request.UserId is { } userId)
        {
            lock (_users)
            {
                if (!_users.TryGetValue(userId, out var ids))
                {
                    _users[userId] = ids = new HashSet<string>(StringComparer.Ordinal);
                }

                ids.Add(state.Id);
            }
        }

        return true;
    }

    /// <summary>Removes a connection (when it is the one registered under its id) and its entry in the user index.</summary>
    public void Remove(ConnectionState state)
    {
        if (!_connections.TryRemove(new KeyValuePair<string, ConnectionState>(state.Id, state)))
        {
            return;
        }

        if (state.Request.UserId is { } userId)
        {
            lock (_users)
            {
                if (_users.TryGetValue(userId, out var ids) && ids.Remove(state.Id) && ids.Count == 0)
                {
                    _users.Remove(userId);
                }
            }
        }
    }

    /// <summary>Gets the ids of this node's open connections of a user (a snapshot; empty when none).</summary>
    public IReadOnlyList<string> GetConnectionIdsOfUser(string userId)
    {
        lock (_users)
        {
            return _users.TryGetValue(userId, out var ids) ? [.. ids] : [];
        }
    }

    /// <summary>Gets how many users have a connection open on this node (for tests: the last to leave removes its entry).</summary>
    public int UserCount
    {
        get
        {
            lock (_users)
            {
                return _users.Count;
            }
        }
    }

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
