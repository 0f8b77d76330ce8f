namespace ProjectSockets.Client.Internal;

/// <summary>
/// What the client keeps for one subscribed project: its filter, where delivery stands (epoch and the last seq handed
/// to the application) and, for a buffered subscription, its handle. Fields are guarded by the <see cref="SubscriptionTracker"/>'s lock.
/// </summary>
internal sealed class ProjectState(string project, IReadOnlyList<string>? events, ProjectSubscription? subscription)
{
    public string Project { get; } = project;

    public IReadOnlyList<string>? Events { get; } = events;

    /// <summary>Gets the application's handle, or <see langword="null"/> for the URL's route project.</summary>
    public ProjectSubscription? Subscription { get; } = subscription;

    public bool IsRoute => Subscription is null;

    /// <summary>Gets or sets whether the server has confirmed the subscription at least once.</summary>
    public bool Active { get; set; }

    /// <summary>
    /// Gets or sets whether a resubscription of this project is under way on the current connection: until its result,
    /// no event of the project is delivered (the replay after the result brings every one in order).
    /// </summary>
    public bool Resuming { get; set; }

    public string? Epoch { get; set; }

    /// <summary>Gets or sets the seq of the last event delivered to the application, or the position it started from.</summary>
    public long LastSeq { get; set; }

    /// <summary>
    /// Takes a position from the server (the caller holds the tracker's lock): a first one is where delivery starts, a
    /// recovered resume goes on from where it stood, a failed one starts over at the server's position.
    /// </summary>
    /// <param name="position">The server's position.</param>
    /// <param name="previousEpoch">The epoch delivery stood at before.</param>
    /// <param name="lastSeq">The seq delivery stood at before.</param>
    /// <returns>Whether a resume failed: events between the two positions are lost to the application.</returns>
    public bool TakePosition(SubscriptionPosition position, out string? previousEpoch, out long lastSeq)
    {
        var resumed = Active;
        Resuming = false;
        previousEpoch = Epoch;
        lastSeq = LastSeq;
        Active = true;
        if (resumed && position.Recovered)
        {
            return false;
        }

        Epoch = position.Epoch;
        LastSeq = position.Seq;
        return resumed;
    }
}
