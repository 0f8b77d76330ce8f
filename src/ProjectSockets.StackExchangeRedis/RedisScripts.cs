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
    /// Appends one event. ARGV 7: channel, 8: <c>unixMs|event|data</c>, 9: the idempotency window (ms) when KEYS[3],
    /// the publish id's key, is given. Returns { seq, epoch, duplicate }. The entry is stored before it is published,
    /// so whoever sees seq N on the channel can read every seq before N from history. With a publish id, the first
    /// append's <c>seq|epoch</c> is kept under its key for the window, in the same atomic step: a repeat returns it
    /// and appends nothing, whichever node it reaches.
    /// </summary>
    public const string Append = Prelude + """
        local idem = KEYS[3]
        if idem then
          local first = redis.call('GET', idem)
          if first then
            local firstSeq, firstEpoch = string.match(first, '^(%d+)|(.*)$')
            return { tonumber(firstSeq), firstEpoch, 1 }
          end
        end
        if redis.call('LLEN', history) == 0 then redis.call('HSET', meta, 'bytes', 0) end
        local seq = redis.call('HINCRBY', meta, 'seq', 1)
        local entry = string.format('%d', seq) .. '|' .. ARGV[8]
        redis.call('RPUSH', history, entry)
        redis.call('HINCRBY', meta, 'bytes', #entry)
        trim()
        redis.call('PEXPIRE', meta, expiry)
        redis.call('PEXPIRE', history, maxAge)
        redis.call('PUBLISH', ARGV[7], epoch .. '|' .. entry)
        if idem then redis.call('SET', idem, string.format('%d', seq) .. '|' .. epoch, 'PX', ARGV[9]) end
        return { seq, epoch, 0 }
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

    /// <summary>
    /// Reads a page of history for the history API. ARGV 7: since (empty for the last N), 8: <c>=epoch</c> or empty,
    /// 9: limit. Returns { seq, epoch, complete (1 or 0), entries }, by the rules of the core's history range.
    /// </summary>
    public const string ReadPage = Prelude + """
        local count = trim()
        redis.call('PEXPIRE', meta, expiry)
        local seq = tonumber(redis.call('HGET', meta, 'seq'))
        local oldest = seq - count + 1
        local limit = tonumber(ARGV[9])
        local since = tonumber(ARGV[7])
        local from, complete
        if not since then
          local wanted = math.max(1, seq - limit + 1)
          from = math.max(wanted, oldest)
          complete = wanted >= oldest or seq == 0
        elseif (ARGV[8] ~= '' and ARGV[8] ~= '=' .. epoch) or since > seq then
          from = oldest
          complete = false
        else
          from = math.max(since + 1, oldest)
          complete = since == seq or since + 1 >= oldest
        end
        local start = from - oldest
        local entries = redis.call('LRANGE', history, start, start + limit - 1)
        return { seq, epoch, complete and 1 or 0, entries }
        """;
}
