namespace ProjectSockets;

/// <summary>The names and values of the core's metric tags: a small fixed set, so every series stays bounded.</summary>
internal static class MetricTags
{
    public const string CloseCodeClass = "projectsockets.close_code.class";
    public const string CloseCode = "projectsockets.close_code";
    public const string CommandName = "projectsockets.command.name";
    public const string CommandOutcome = "projectsockets.command.outcome";
    public const string ResumeOutcome = "projectsockets.resume.outcome";

    /// <summary>The command name recorded for a command nobody registered.</summary>
    public const string OtherCommand = "_OTHER";

    public const string Success = "success";
    public const string Cancelled = "cancelled";
    public const string Recovered = "recovered";
    public const string NotRecovered = "not_recovered";

    /// <summary>The class of a close code: what an operator groups connection ends by.</summary>
    public static string CloseCodeClassOf(int closeCode) => closeCode switch
    {
        ProtocolCloseCodes.Normal => "normal",
        ProtocolCloseCodes.GoingAway => "going_away",
        ProtocolCloseCodes.UnsupportedData or ProtocolCloseCodes.InvalidPayload or ProtocolCloseCodes.PolicyViolation or ProtocolCloseCodes.MessageTooBig => "policy",
        ProtocolCloseCodes.InternalError => "server_error",
        ProtocolCloseCodes.SlowConsumer => "slow_consumer",
        ProtocolCloseCodes.HeartbeatTimeout => "heartbeat_timeout",
        >= 4000 and <= 4999 => "application",
        _ => "other",
    };

    /// <summary>A policy close code as a tag value, without boxing an <see langword="int"/> on each close.</summary>
    public static string CloseCodeOf(int closeCode) => closeCode switch
    {
        ProtocolCloseCodes.UnsupportedData => "1003",
        ProtocolCloseCodes.InvalidPayload => "1007",
        ProtocolCloseCodes.PolicyViolation => "1008",
        ProtocolCloseCodes.MessageTooBig => "1009",
        _ => "other",
    };
}
