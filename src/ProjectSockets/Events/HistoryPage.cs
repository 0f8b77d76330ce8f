namespace ProjectSockets;

/// <summary>What a history read found (<see cref="IProjectHistory.ReadAsync"/>).</summary>
public sealed class HistoryPage
{
    /// <summary>Initializes a page.</summary>
    /// <param name="project">The project.</param>
    /// <param name="seq">The project's latest seq when it was read.</param>
    /// <param name="epoch">The project's epoch.</param>
    /// <param name="complete">Whether every event of the asked range that exists is in history (see <see cref="Complete"/>).</param>
    /// <param name="events">The events, oldest first.</param>
    public HistoryPage(string project, long seq, string epoch, bool complete, IReadOnlyList<ProjectEvent> events)
    {
        ArgumentNullException.ThrowIfNull(project);
        ArgumentNullException.ThrowIfNull(epoch);
        ArgumentNullException.ThrowIfNull(events);
        Project = project;
        Seq = seq;
        Epoch = epoch;
        Complete = complete;
        Events = events;
    }

    /// <summary>Gets the project.</summary>
    public string Project { get; }

    /// <summary>Gets the project's latest seq when it was read (0 when it has none).</summary>
    public long Seq { get; }

    /// <summary>Gets the project's epoch: pass it with the next <see cref="HistoryQuery.Since"/>.</summary>
    public string Epoch { get; }

    /// <summary>
    /// Gets a value indicating whether nothing of the asked range is missing, as <c>recovered</c> means for a
    /// resume: for <see cref="HistoryQuery.Since"/>, the epoch matched (or was not given), since ≤ <see cref="Seq"/>,
    /// and every event after since is still kept; for the last N events, none of them has left history. When false,
    /// <see cref="Events"/> holds what history still has, from its oldest event (for a since read) or the newest N.
    /// </summary>
    public bool Complete { get; }

    /// <summary>Gets the events, oldest first: at most the query's limit.</summary>
    public IReadOnlyList<ProjectEvent> Events { get; }

    /// <summary>Gets a value indicating whether newer events exist after the last one returned: read again with its seq.</summary>
    public bool HasMore => Events.Count > 0 ? Events[^1].Seq < Seq : false;
}
