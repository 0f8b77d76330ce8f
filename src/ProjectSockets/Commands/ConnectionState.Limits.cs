namespace ProjectSockets;

internal sealed partial class ConnectionState
{
    /// <summary>Records that something was heard from the client.</summary>
    public void MarkHeard() => Volatile.Write(ref _lastHeard, _timeProvider.GetTimestamp());

    /// <summary>Decides this connection's heartbeat at one timer tick.</summary>
    public HeartbeatAction CheckHeartbeat(long now)
    {
        var quiet = _timeProvider.GetElapsedTime(Volatile.Read(ref _lastHeard), now);
        if (quiet >= _options.Heartbeat.Timeout)
        {
            return HeartbeatAction.Close;
        }

        if (quiet >= _options.Heartbeat.Interval && _timeProvider.GetElapsedTime(_lastPing, now) >= _options.Heartbeat.Interval)
        {
            _lastPing = now;
            return HeartbeatAction.Ping;
        }

        return HeartbeatAction.None;
    }

    /// <summary>
    /// Answers a client <c>ping</c>. Pings take no command token; instead, at most one <c>pong</c> waits in the send
    /// queue (outside its bound), so a client that floods pings but reads gets fewer pongs, never a 4001.
    /// </summary>
    public bool TryEnqueuePong() => _queue.TryWritePong(ProtocolWriter.Pong);

    /// <summary>Takes one command token from the bucket. Called only by the receive loop.</summary>
    public bool TryTakeCommandToken()
    {
        var now = _timeProvider.GetTimestamp();
        var rate = _options.CommandRate;
        _tokens = Math.Min(rate.BurstLimit, _tokens + (_timeProvider.GetElapsedTime(_lastRefill, now).TotalSeconds * rate.TokensPerSecond));
        _lastRefill = now;
        if (_tokens < 1)
        {
            return false;
        }

        _tokens -= 1;
        return true;
    }

    /// <summary>Counts a protocol error; true when the budget within the window is spent. Receive loop only.</summary>
    public bool CountProtocolError()
    {
        RestartWindowIfElapsed();
        return ++_protocolErrors >= _options.PolicyClose.MaxProtocolErrors;
    }

    /// <summary>Counts a rate_limited answer; true when the budget within the window is spent. Receive loop only.</summary>
    public bool CountRateLimited()
    {
        RestartWindowIfElapsed();
        return ++_rateLimitedAnswers >= _options.PolicyClose.MaxRateLimitedAnswers;
    }

    private void RestartWindowIfElapsed()
    {
        var now = _timeProvider.GetTimestamp();
        if (_timeProvider.GetElapsedTime(_windowStart, now) >= _options.PolicyClose.Window)
        {
            _windowStart = now;
            _protocolErrors = 0;
            _rateLimitedAnswers = 0;
        }
    }
}
