namespace ProjectSockets;

/// <summary>The checks every public entry point makes of the names it is given, with one wording for each failure.</summary>
internal static class ProtocolArguments
{
    /// <summary>Throws unless <paramref name="project"/> is a valid project id.</summary>
    public static void ThrowIfInvalidProject(string project, string paramName = "project")
    {
        ArgumentNullException.ThrowIfNull(project, paramName);
        if (!ProtocolNames.IsValidProject(project))
        {
            throw new ArgumentException($"'{project}' is not a valid project id.", paramName);
        }
    }

    /// <summary>Throws unless <paramref name="eventName"/> is a valid event name.</summary>
    public static void ThrowIfInvalidEventName(string eventName)
    {
        ArgumentNullException.ThrowIfNull(eventName);
        if (!ProtocolNames.IsValidName(eventName))
        {
            throw new ArgumentException($"'{eventName}' is not a valid event name.", nameof(eventName));
        }
    }
}
