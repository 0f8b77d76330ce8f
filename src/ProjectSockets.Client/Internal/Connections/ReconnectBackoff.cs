namespace ProjectSockets.Client.Internal;

/// <summary>Exponential backoff with jitter, and which endings are worth a retry.</summary>
internal static class ReconnectBackoff
{
    /// <summary>The wait before attempt <paramref name="attempt"/> (1 for the first).</summary>
    /// <param name="options">The settings.</param>
    /// <param name="attempt">The attempt, 1 or more.</param>
    /// <param name="random">A number in [0, 1) that picks the jitter.</param>
    public static TimeSpan Delay(ReconnectOptions options, int attempt, double random)
    {
        var exponential = options.InitialDelay.TotalMilliseconds * Math.Pow(options.Multiplier, Math.Min(attempt - 1, 64));
        var capped = Math.Min(options.MaxDelay.TotalMilliseconds, exponential);
        var jittered = capped * (1 - (options.JitterRatio * random));
        return TimeSpan.FromMilliseconds(Math.Max(0, jittered));
    }

    /// <summary>
    /// Whether a connection that ended this way should be opened again: the server's own advice in
    /// <c>disconnected</c> wins; otherwise 1000, 1003, 1007, 1008 and 1009 say no, anything else (1001, 1011, 4001,
    /// 4002, a drop without a close frame) says yes.
    /// </summary>
    public static bool ShouldReconnect(int? closeCode, bool? serverAdvice)
    {
        if (serverAdvice is { } advice)
        {
            return advice;
        }

        return closeCode is not (ProtocolCloseCodes.Normal or ProtocolCloseCodes.UnsupportedData or ProtocolCloseCodes.InvalidPayload
            or ProtocolCloseCodes.PolicyViolation or ProtocolCloseCodes.MessageTooBig);
    }

    /// <summary>
    /// Whether a failed connection attempt is worth another: not after a 400, 401 or 403 refusal, which the same
    /// request would meet again; yes after 503 and anything else (a proxy's 404 or 502 during a deployment, say).
    /// </summary>
    public static bool ShouldRetry(Exception exception) => exception switch
    {
        ProjectSocketsConnectionException { StatusCode: { } status } => status is not (400 or 401 or 403),
        ProjectSocketsConnectionException { CloseCode: { } code } => ShouldReconnect(code, null),
        _ => true,
    };
}
