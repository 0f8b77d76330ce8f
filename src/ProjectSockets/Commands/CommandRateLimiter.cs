namespace ProjectSockets;

/// <summary>
/// One connection's command budget: the token bucket of the command rate, and the protocol errors and rate_limited
/// answers counted within the policy-close window. Used by the receive loop only.
/// </summary>
internal sealed class CommandRateLimiter
{
    private readonly ProjectSocketsOptions _options;
    private readonly TimeProvider _timeProvider;
    private double _tokens;
    private long _lastRefill;
    private long _windowStart;
    private int _protocolErrors;
    private int _rateLimitedAnswers;

    public CommandRateLimiter(ProjectSocketsOptions options, TimeProvider timeProvider)
    {
        _options = options;
        _timeProvider = timeProvider;
        _lastRefill = _windowStart = timeProvider.GetTimestamp();
        _tokens = options.CommandRate.BurstLimit;
    }

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
