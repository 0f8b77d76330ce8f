namespace ProjectSockets;

/// <summary>The <c>error.code</c> values the protocol defines.</summary>
public static class ProtocolErrorCodes
{
    /// <summary>The envelope is wrong: not JSON, not an object, a bad type, field or name.</summary>
    public const string BadRequest = "bad_request";

    /// <summary>A well-formed command name with no handler.</summary>
    public const string UnknownCommand = "unknown_command";

    /// <summary><c>args</c> is not what the command takes.</summary>
    public const string InvalidArgs = "invalid_args";

    /// <summary>The authorizer refused.</summary>
    public const string Forbidden = "forbidden";

    /// <summary>More commands than the connection's rate allows.</summary>
    public const string RateLimited = "rate_limited";

    /// <summary>Too many subscriptions or filter patterns.</summary>
    public const string LimitExceeded = "limit_exceeded";

    /// <summary>The handler did not finish within the command timeout.</summary>
    public const string Timeout = "timeout";

    /// <summary>The handler threw.</summary>
    public const string HandlerError = "handler_error";

    /// <summary>
    /// A retried command whose first run was cut off by the failure of the node that ran it: the handler may or may
    /// not have run, completely or in part. It is not run again for that command id.
    /// </summary>
    public const string OutcomeUnknown = "outcome_unknown";

    /// <summary>A command id of the session was already used for another command or project within the window.</summary>
    public const string CommandIdReused = "command_id_reused";

    /// <summary>A <c>refresh</c> whose token the server did not accept; the connection keeps its earlier credentials.</summary>
    public const string RefreshDenied = "refresh_denied";
    /// <summary>The project keeps no presence (the <c>presence</c> built-in, or <c>presence: true</c> in <c>subscribe</c>).</summary>
    public const string PresenceDisabled = "presence_disabled";
}
