namespace ProjectSockets.StackExchangeRedis;

/// <summary>
/// The Lua scripts that make a command id of a session run at most once across nodes. Every time is Redis's own
/// (<c>TIME</c>, in ms), so node clocks need not agree. KEYS: 1 the command's hash (state <c>run</c> or <c>done</c>,
/// fp = command and project, deadline, and once done ok, data, code, msg), 2 the session's sorted set of command ids
/// (score: when the id is forgotten; the set expires with its last id). ARGV 1 is always the id, 2 the window (ms).
/// Each script answers { state, fp, deadline, ok, data, code, msg } of the command, or { 'claimed' } / { 'full' }.
/// </summary>
internal static class RedisCommandScripts
{
    private const string Functions = """
        local time = redis.call('TIME')
        local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
        local window = tonumber(ARGV[2])
        local function read()
          return redis.call('HMGET', KEYS[1], 'state', 'fp', 'deadline', 'ok', 'data', 'code', 'msg')
        end
        local function forget_after(ms)
          redis.call('PEXPIRE', KEYS[1], ms)
          redis.call('ZADD', KEYS[2], now + ms, ARGV[1])
          local last = redis.call('ZRANGE', KEYS[2], -1, -1, 'WITHSCORES')
          redis.call('PEXPIRE', KEYS[2], math.max(1, tonumber(last[2]) - now))
        end

        """;

    /// <summary>Claims a command id. ARGV 3: fp, 4: how long the run may take (ms), 5: most ids per session.</summary>
    public const string Claim = Functions + """
        if redis.call('EXISTS', KEYS[1]) == 1 then return read() end
        redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', now)
        if redis.call('ZCARD', KEYS[2]) >= tonumber(ARGV[5]) then return { 'full' } end
        local run = tonumber(ARGV[4])
        redis.call('HSET', KEYS[1], 'state', 'run', 'fp', ARGV[3], 'deadline', now + run)
        forget_after(run + window)
        return { 'claimed' }
        """;

    /// <summary>
    /// Records the outcome of a run that is still <c>run</c> (never over an <c>outcome_unknown</c> that retries were
    /// already answered with). ARGV 3: ok (1/0), 4: data, 5: code, 6: msg. Returns { 1 } when recorded.
    /// </summary>
    public const string Complete = Functions + """
        if redis.call('HGET', KEYS[1], 'state') ~= 'run' then return { 0 } end
        redis.call('HSET', KEYS[1], 'state', 'done', 'ok', ARGV[3], 'data', ARGV[4], 'code', ARGV[5], 'msg', ARGV[6])
        forget_after(window)
        return { 1 }
        """;

    /// <summary>
    /// Reads a command; when it is still <c>run</c> past its deadline (the node that ran it is gone), answers it once
    /// and for all with <c>outcome_unknown</c>. ARGV 3: the message.
    /// </summary>
    public const string Poll = Functions + """
        local state, deadline = unpack(redis.call('HMGET', KEYS[1], 'state', 'deadline'))
        if state == 'run' and tonumber(deadline) <= now then
          redis.call('HSET', KEYS[1], 'state', 'done', 'ok', '0', 'data', '', 'code', 'outcome_unknown', 'msg', ARGV[3])
          forget_after(window)
        end
        return read()
        """;
}
