namespace ProjectSockets.Client.Internal;

/// <summary>Which error answers to a resubscription after a reconnect are worth another try.</summary>
internal static class ResubscribeAnswers
{
    /// <summary>
    /// Whether <paramref name="code"/> says "not now" rather than "no": <c>handler_error</c> (the authorizer or the event
    /// store failed, for example Redis is briefly unreachable), <c>timeout</c> and <c>rate_limited</c> pass, so the client
    /// tries again. Every other code is final: <c>forbidden</c>, <c>limit_exceeded</c>, <c>invalid_args</c>,
    /// <c>bad_request</c>, <c>unknown_command</c>, and any code this client does not know, since the same request
    /// would meet the same answer.
    /// </summary>
    /// <param name="code">The <c>error.code</c> of the server's answer.</param>
    public static bool IsTransient(string code)
        => code is ProtocolErrorCodes.HandlerError or ProtocolErrorCodes.Timeout or ProtocolErrorCodes.RateLimited;
}
