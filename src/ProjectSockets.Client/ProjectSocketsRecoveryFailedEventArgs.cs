namespace ProjectSockets.Client;

/// <summary>
/// Tells the application that the events of a project between <see cref="LastSeq"/> and <see cref="Seq"/> cannot be
/// delivered: the server no longer has them (history trimmed) or lost them (a new <see cref="Epoch"/>). The
/// application should reload that project's state; events after <see cref="Seq"/> follow as usual.
/// </summary>
public sealed class ProjectSocketsRecoveryFailedEventArgs : EventArgs
{
    /// <summary>Initializes a new instance of the <see cref="ProjectSocketsRecoveryFailedEventArgs"/> class.</summary>
    /// <param name="project">The project.</param>
    /// <param name="previousEpoch">The epoch of the last delivered event.</param>
    /// <param name="epoch">The project's epoch now.</param>
    /// <param name="lastSeq">The seq of the last event delivered to the application.</param>
    /// <param name="seq">The project's latest seq now; newer events will be delivered.</param>
    public ProjectSocketsRecoveryFailedEventArgs(string project, string? previousEpoch, string epoch, long lastSeq, long seq)
    {
        ArgumentNullException.ThrowIfNull(project);
        ArgumentNullException.ThrowIfNull(epoch);
        Project = project;
        PreviousEpoch = previousEpoch;
        Epoch = epoch;
        LastSeq = lastSeq;
        Seq = seq;
    }

    /// <summary>Gets the project.</summary>
    public string Project { get; }

    /// <summary>Gets the epoch of the last delivered event.</summary>
    public string? PreviousEpoch { get; }

    /// <summary>Gets the project's epoch now. When it differs from <see cref="PreviousEpoch"/>, the server's history was lost.</summary>
    public string Epoch { get; }

    /// <summary>Gets the seq of the last event delivered to the application (in <see cref="PreviousEpoch"/>).</summary>
    public long LastSeq { get; }

    /// <summary>Gets the project's latest seq now (in <see cref="Epoch"/>): delivery goes on after it.</summary>
    public long Seq { get; }

    /// <summary>Gets whether the project's epoch changed, that is, the server lost its history (for example it restarted).</summary>
    public bool EpochChanged => !string.Equals(PreviousEpoch, Epoch, StringComparison.Ordinal);
}
