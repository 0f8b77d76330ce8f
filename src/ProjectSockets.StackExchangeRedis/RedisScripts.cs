namespace ProjectSockets.StackExchangeRedis;

/// <summary>
/// The Lua scripts that keep a project's sequence, epoch and history consistent: each runs atomically in Redis, so
/// every node sees one dense sequence. KEYS: meta hash, history list. Common ARGV: 1 a new epoch to use if the
/// project has none (first use, or its keys were lost), 2 now (Unix ms), 3 most events, 4 most bytes,
/// 5 most age (ms), 6 project expiry (ms).
/// History entries are <c>seq|unixMs|event|data</c>; channel messages are <c>epoch|</c> followed by the entry.
/// </summary>
internal static class RedisScripts
{
    private const string Prelude = """
        local meta, history = KEYS[1], KEYS[2]
        local now, maxEvents, maxBytes, maxAge, expiry = tonumber(ARGV[2]), tonumber(ARGV[3]), tonumber(ARGV[4]), tonumber(ARGV[5]), tonumber(ARGV[6])
        local epoch = redis.call('HGET', meta, 'epoch')
        if not epoch then
          epoch = ARGV[1]
          redis.call('DEL', history)
          redis.call('HSET', meta, 'epoch', epoch, 'seq', 0, 'bytes', 0)
        end
        local function trim()
          local count = redis.call('LLEN', history)
          local bytes = tonumber(redis.call('HGET', meta, 'bytes')) or 0
          while count > 0 do
            local oldest = redis.call('LINDEX', history, 0)
            local time = tonumber(string.match(oldest, '^%d+|(%d+)|'))
            if count > maxEvents or bytes > maxBytes or (time and now - time > maxAge) then
              redis.call('LPOP', history)
              count = count - 1
              bytes = bytes - #oldest
            else
              break
            end
          end
          if count == 0 then bytes = 0 end
          redis.call('HSET', meta, 'bytes', bytes)
          return count
        end

        """;

    /// <summary>
    /// Appends one event. ARGV 7: channel, 8: <c>unixMs|event|data</c>. Returns { seq, epoch }. The entry is stored
    /// before it is published, so whoever sees seq N on the channel can read every seq before N from history.
    /// </summary>
    public const string Append = Prelude + """
        if redis.call('LLEN', history) == 0 then redis.call('HSET', meta, 'bytes', 0) end
        local seq = redis.call('HINCRBY', meta, 'seq', 1)
        local entry = string.format('%d', seq) .. '|' .. ARGV[8]
        redis.call('RPUSH', history, entry)
        redis.call('HINCRBY', meta, 'bytes', #entry)
        trim()
        redis.call('PEXPIRE', meta, expiry)
        redis.call('PEXPIRE', history, maxAge)
        redis.call('PUBLISH', ARGV[7], epoch .. '|' .. entry)
        return { seq, epoch }
        """;

    /// <summary>
    /// Reads a project's position and the entries after the lowest of up to two positions (ARGV 7, 9: seq;
    /// 8, 10: the epoch it belongs to; a position of another epoch is ignored). Returns
    /// { seq, epoch, oldest kept seq, entries }: entries start at the later of that position + 1 and the oldest kept.
    /// </summary>
    public const string Read = Prelude + """
        local count = trim()
        redis.call('PEXPIRE', meta, expiry)
        local seq = tonumber(redis.call('HGET', meta, 'seq'))
        local oldest = seq - count + 1
        local from = nil
        for i = 7, #ARGV - 1, 2 do
          local position = tonumber(ARGV[i])
          if position and ARGV[i + 1] == epoch and position < seq and (from == nil or position < from) then
            from = position
          end
        end
        local entries = {}
        if from then
          local start = from + 1 - oldest
          if start < 0 then start = 0 end
          entries = redis.call('LRANGE', history, start, -1)
        end
        return { seq, epoch, oldest, entries }
        """;
}
