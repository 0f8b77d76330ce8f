namespace ProjectSockets.Client;

/// <summary>
/// Tells the application that a subscription has ended because the server would not restore it after a reconnect:
/// it answered with a final error (for example <c>forbidden</c> when the authorizer now refuses the project), or kept
/// answering with a transient one (<c>handler_error</c>, <c>timeout</c>, <c>rate_limited</c>) for
/// <see cref="ReconnectOptions.MaxAttempts"/> tries. No event of the project after <see cref="LastSeq"/> will be
/// delivered; the subscription's stream ends with <see cref="Error"/>. Subscribe again to follow the project anew.
/// </summary>
public sealed class ProjectSocketsSubscriptionFailedEventArgs : EventArgs
{
    /// <summary>Initializes a new instance of the <see cref="ProjectSocketsSubscriptionFailedEventArgs"/> class.</summary>
    /// <param name="project">The project.</param>
    /// <param name="error">The server's last answer to the resubscription.</param>
    /// <param name="epoch">The epoch of the last delivered event, or <see langword="null"/> when none was.</param>
    /// <param name="lastSeq">The seq of the last event delivered to the application.</param>
    public ProjectSocketsSubscriptionFailedEventArgs(string project, ProjectSocketsCommandException error, string? epoch, long lastSeq)
    {
        ArgumentNullException.ThrowIfNull(project);
        ArgumentNullException.ThrowIfNull(error);
        Project = project;
        Error = error;
        Epoch = epoch;
        LastSeq = lastSeq;
    }

    /// <summary>Gets the project.</summary>
    public string Project { get; }

    /// <summary>Gets the server's answer, also the error with which the subscription's stream ends.</summary>
    public ProjectSocketsCommandException Error { get; }

    /// <summary>Gets the protocol error code of the server's answer, for example <c>forbidden</c>.</summary>
    public string Code => Error.Code;

    /// <summary>Gets the server's message.</summary>
    public string Message => Error.Message;

    /// <summary>Gets the epoch of the last delivered event, or <see langword="null"/> when none was.</summary>
    public string? Epoch { get; }

    /// <summary>Gets the seq of the last event of the project delivered to the application (in <see cref="Epoch"/>).</summary>
    public long LastSeq { get; }
}
