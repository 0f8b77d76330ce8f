namespace ProjectSockets.StackExchangeRedis;

/// <summary>
/// The Lua scripts of presence on Redis. Keys: <c>{prefix}presence:node:{node}</c> (hash: <c>project|connection</c> →
/// member, what one node holds), <c>{prefix}presence:project:{project}</c> (hash: connection → member, what a project
/// shows), <c>{prefix}presence:counts</c> (hash: project → members, for O(1) counts) and
/// <c>{prefix}presence:nodes</c> (sorted set: node → lease end, Unix ms). Announcements go on
/// <c>{prefix}presence</c> as <c>join|project|member</c> or <c>leave|project|member</c>. Each script runs atomically, so
/// two nodes sweeping the same dead node never count a member twice.
/// </summary>
internal static class RedisPresenceScripts
{
    /// <summary>
    /// KEYS: node, project, counts, nodes. ARGV: project, connection, member, channel, lease end, node. Gives the node a
    /// lease if it has none yet, so a node that dies before its first refresh is still removed.
    /// </summary>
    public const string Join = """
        redis.call('ZADD', KEYS[4], 'NX', ARGV[5], ARGV[6])
        redis.call('HSET', KEYS[1], ARGV[1] .. '|' .. ARGV[2], ARGV[3])
        if redis.call('HSET', KEYS[2], ARGV[2], ARGV[3]) == 1 then
          redis.call('HINCRBY', KEYS[3], ARGV[1], 1)
          redis.call('PUBLISH', ARGV[4], 'join|' .. ARGV[1] .. '|' .. ARGV[3])
        end
        return 1
        """;

    /// <summary>KEYS: node, project, counts. ARGV: project, connection, channel.</summary>
    public const string Leave = """
        redis.call('HDEL', KEYS[1], ARGV[1] .. '|' .. ARGV[2])
        local member = redis.call('HGET', KEYS[2], ARGV[2])
        if member then
          redis.call('HDEL', KEYS[2], ARGV[2])
          if redis.call('HINCRBY', KEYS[3], ARGV[1], -1) <= 0 then redis.call('HDEL', KEYS[3], ARGV[1]) end
          redis.call('PUBLISH', ARGV[3], 'leave|' .. ARGV[1] .. '|' .. member)
        end
        return 1
        """;

    /// <summary>
    /// Removes every node whose lease ended (or the one named in ARGV[4]) with all its members. KEYS: nodes, counts.
    /// ARGV: now (Unix ms), key prefix, channel, a node to remove now ('' for none). Returns the members removed.
    /// </summary>
    public const string Sweep = """
        local dead = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', ARGV[1])
        if ARGV[4] ~= '' then table.insert(dead, ARGV[4]) end
        local removed = 0
        for _, node in ipairs(dead) do
          local nodeKey = ARGV[2] .. 'presence:node:' .. node
          for _, field in ipairs(redis.call('HKEYS', nodeKey)) do
            local sep = string.find(field, '|', 1, true)
            local project, connection = string.sub(field, 1, sep - 1), string.sub(field, sep + 1)
            local projectKey = ARGV[2] .. 'presence:project:' .. project
            local member = redis.call('HGET', projectKey, connection)
            if member then
              redis.call('HDEL', projectKey, connection)
              if redis.call('HINCRBY', KEYS[2], project, -1) <= 0 then redis.call('HDEL', KEYS[2], project) end
              redis.call('PUBLISH', ARGV[3], 'leave|' .. project .. '|' .. member)
              removed = removed + 1
            end
          end
          redis.call('DEL', nodeKey)
          redis.call('ZREM', KEYS[1], node)
        end
        return removed
        """;
}
