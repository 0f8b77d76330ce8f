using StackExchange.Redis;

namespace ProjectSockets.StackExchangeRedis;

internal sealed partial class RedisPresenceStore
{
    /// <summary>Writes this node's joins and leaves in the order they happened; a failed one is repaired at the next refresh.</summary>
    private async Task WriteAllAsync()
    {
        await foreach (var (join, project, connection, flushed) in _writes.Reader.ReadAllAsync().ConfigureAwait(false))
        {
            if (Volatile.Read(ref _state) == 2)
            {
                return;
            }

            if (flushed is not null)
            {
                flushed.TrySetResult();
                continue;
            }

            try
            {
                var database = (await _connection.GetAsync().ConfigureAwait(false)).GetDatabase();
                if (join)
                {
                    if (_local.TryGetValue((project, connection), out var member))
                    {
                        await JoinAsync(database, project, member).ConfigureAwait(false);
                    }
                }
                else
                {
                    await LeaveAsync(database, project, connection).ConfigureAwait(false);
                }
            }
            catch (Exception exception) when (exception is RedisException or TimeoutException or ObjectDisposedException)
            {
                RedisPresenceLog.WriteFailed(_logger, project, connection, exception);
            }
        }
    }

    private Task JoinAsync(IDatabaseAsync database, string project, PresenceMember member)
        => database.ScriptEvaluateAsync(
            RedisPresenceScripts.Join,
            [_keys.Node, _keys.Project(project), _keys.Counts, _keys.Nodes],
            [project, member.ConnectionId, RedisPresenceMember.Write(member), _keys.Channel, (_timeProvider.GetUtcNow() + LeaseTime).ToUnixTimeMilliseconds(), NodeId]);

    private Task LeaveAsync(IDatabaseAsync database, string project, string connection)
        => database.ScriptEvaluateAsync(
            RedisPresenceScripts.Leave,
            [_keys.Node, _keys.Project(project), _keys.Counts],
            [project, connection, _keys.Channel]);

    private Task<RedisResult> SweepAsync(IDatabaseAsync database, string node)
        => database.ScriptEvaluateAsync(
            RedisPresenceScripts.Sweep,
            [_keys.Nodes, _keys.Counts],
            [_timeProvider.GetUtcNow().ToUnixTimeMilliseconds(), _keys.Prefix, _keys.Channel, node]);

    /// <summary>Renews the lease, makes Redis hold exactly this node's members, and removes the nodes whose lease ended.</summary>
    private async Task RefreshAsync()
    {
        if (Volatile.Read(ref _state) != 0)
        {
            return;
        }

        try
        {
            var database = (await _connection.GetAsync().ConfigureAwait(false)).GetDatabase();
            var leaseEnd = (_timeProvider.GetUtcNow() + LeaseTime).ToUnixTimeMilliseconds();
            await database.SortedSetAddAsync(_keys.Nodes, NodeId, leaseEnd).ConfigureAwait(false);

            var held = (await database.HashKeysAsync(_keys.Node).ConfigureAwait(false)).Select(k => (string)k!).ToHashSet(StringComparer.Ordinal);
            foreach (var ((project, connection), member) in _local)
            {
                if (!held.Remove(project + "|" + connection))
                {
                    // Lost by Redis (a restart, or this node was taken for dead): put back, announced again.
                    await JoinAsync(database, project, member).ConfigureAwait(false);
                }
            }

            foreach (var field in held)
            {
                // Gone here, but its leave never reached Redis.
                var separator = field.IndexOf('|', StringComparison.Ordinal);
                var (project, connection) = (field[..separator], field[(separator + 1)..]);
                if (!_local.ContainsKey((project, connection)))
                {
                    await LeaveAsync(database, project, connection).ConfigureAwait(false);
                }
            }

            await SweepAsync(database, string.Empty).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is RedisException or TimeoutException or ObjectDisposedException)
        {
            RedisPresenceLog.RefreshFailed(_logger, NodeId, exception);
        }
        finally
        {
            // Counted whether it worked or not: tests wait for a refresh to have run, then check what it did.
            Interlocked.Increment(ref _refreshes);
            Interlocked.Exchange(ref _nextRefresh, new(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
        }
    }

    /// <summary>Hands every node's announcements to the sink (StackExchange.Redis subscribes again after a reconnection).</summary>
    private async Task ListenAsync()
    {
        try
        {
            var subscriber = (await _connection.GetAsync().ConfigureAwait(false)).GetSubscriber();
            await subscriber.SubscribeAsync(RedisChannel.Literal(_keys.Channel), (_, message) => OnAnnouncement(message)).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is RedisException or TimeoutException or ObjectDisposedException)
        {
            RedisPresenceLog.RefreshFailed(_logger, NodeId, exception);
        }
    }

    private void OnAnnouncement(RedisValue message)
    {
        if (Volatile.Read(ref _state) == 2 || _sink is not { } sink)
        {
            return;
        }

        var text = (string)message!;
        var first = text.IndexOf('|', StringComparison.Ordinal);
        var second = first < 0 ? -1 : text.IndexOf('|', first + 1);
        if (second < 0 || text[..first] is not ("join" or "leave") || !RedisPresenceMember.TryRead(text[(second + 1)..], out var member))
        {
            RedisPresenceLog.MalformedAnnouncement(_logger);
            return;
        }

        sink.Announce(text[..first], text[(first + 1)..second], member);
    }
}
