namespace ProjectSockets.Client.Internal;

/// <summary>
/// Every subscribed project and where its delivery stands (epoch, last seq handed to the application). It decides which
/// event reaches the application (duplicates from around a resume are dropped), reports lost history with
/// <c>RecoveryFailed</c>, and ends subscriptions the server will not restore with <c>SubscriptionFailed</c>.
/// </summary>
/// <param name="context">The client's log and events.</param>
internal sealed class SubscriptionTracker(ClientContext context)
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, ProjectState> _projects = new(StringComparer.Ordinal);
    private long _duplicatesDropped;

    /// <summary>Gets how many events arrived twice around a resume and were dropped.</summary>
    public long DuplicatesDropped => Interlocked.Read(ref _duplicatesDropped);

    /// <summary>Adds a new subscription, before the server has answered.</summary>
    /// <exception cref="InvalidOperationException">The project is already subscribed, or is the URL's route project.</exception>
    public void Add(ProjectState state)
    {
        lock (_gate)
        {
            if (_projects.TryGetValue(state.Project, out var existing))
            {
                throw new InvalidOperationException(existing.IsRoute
                    ? $"Project '{state.Project}' is the route project of the URL: it stays subscribed while the client lives, and its events reach the On handlers."
                    : $"Project '{state.Project}' is already subscribed; dispose that subscription first.");
            }

            _projects.Add(state.Project, state);
        }
    }

    /// <summary>Gets the state of <paramref name="subscription"/>, or <see langword="null"/> when it is no longer tracked.</summary>
    public ProjectState? Find(ProjectSubscription subscription)
    {
        lock (_gate)
        {
            return _projects.TryGetValue(subscription.Project, out var current) && ReferenceEquals(current.Subscription, subscription) ? current : null;
        }
    }

    /// <summary>Forgets <paramref name="state"/>; <see langword="false"/> when it was forgotten already.</summary>
    public bool Forget(ProjectState state)
    {
        lock (_gate)
        {
            return _projects.TryGetValue(state.Project, out var current) && ReferenceEquals(current, state) && _projects.Remove(state.Project);
        }
    }

    public bool IsCurrent(ProjectState state)
    {
        lock (_gate)
        {
            return _projects.TryGetValue(state.Project, out var current) && ReferenceEquals(current, state);
        }
    }

    /// <summary>The query parameters that resume the URL's route project (<c>since</c>, <c>epoch</c>) once it has a position.</summary>
    public List<string> RouteResumeParameters()
    {
        var parameters = new List<string>();
        lock (_gate)
        {
            foreach (var state in _projects.Values)
            {
                if (state.IsRoute && state.Active && state.Epoch is { } epoch)
                {
                    parameters.Add(FormattableString.Invariant($"since={state.LastSeq}"));
                    parameters.Add("epoch=" + Uri.EscapeDataString(epoch));
                }
            }
        }

        return parameters;
    }

    /// <summary>Marks every confirmed subscription as resuming on a new connection and returns them.</summary>
    public List<ProjectState> BeginResume()
    {
        List<ProjectState> resume = [];
        lock (_gate)
        {
            foreach (var state in _projects.Values)
            {
                if (!state.IsRoute && state.Active)
                {
                    state.Resuming = true;
                    resume.Add(state);
                }
            }
        }

        return resume;
    }

    /// <summary>The <c>subscribe</c> args that resume <paramref name="state"/> after the last delivered event.</summary>
    public byte[] ResumeArgs(ProjectState state)
    {
        lock (_gate)
        {
            return ClientMessageWriter.SubscribeArgs(state.Events, state.LastSeq, state.Epoch);
        }
    }

    /// <summary>Takes a position from <c>welcome</c>: the route project is tracked from its first one on.</summary>
    public void ApplyWelcome(SubscriptionPosition position)
    {
        ProjectState? state;
        lock (_gate)
        {
            if (!_projects.TryGetValue(position.Project, out state))
            {
                state = new ProjectState(position.Project, null, null);
                _projects.Add(position.Project, state);
            }
        }

        ApplyPosition(state, position);
    }

    /// <summary>
    /// Takes a subscription's position from the server (subscribe result or <c>welcome</c>), on the receive loop and so
    /// before any later event: a first subscription starts at it, a resumed one goes on, a failed resume is reported.
    /// </summary>
    public void ApplyPosition(ProjectState state, SubscriptionPosition position)
    {
        string? previousEpoch;
        long lastSeq;
        lock (_gate)
        {
            if (!_projects.TryGetValue(state.Project, out var current) || !ReferenceEquals(current, state)
                || !state.TakePosition(position, out previousEpoch, out lastSeq))
            {
                return;
            }
        }

        ProjectSocketsClientLog.RecoveryFailed(context.Logger, position.Project, lastSeq, position.Seq);
        context.Events.RaiseRecoveryFailed(new ProjectSocketsRecoveryFailedEventArgs(position.Project, previousEpoch, position.Epoch, lastSeq, position.Seq));
    }

    /// <summary>
    /// Decides whether a sequenced event goes to the application: <see langword="null"/> when its project is not (or not
    /// yet again) subscribed, or when it is at or below the last delivered seq (a duplicate from around a resume). A new
    /// epoch means the history was lost while connected: the gap is reported and delivery goes on from here.
    /// </summary>
    public ProjectState? Admit(string project, long seq, string epoch)
    {
        ProjectState? state;
        string? previousEpoch = null;
        long lastSeq = 0;
        lock (_gate)
        {
            if (!_projects.TryGetValue(project, out state) || !state.Active || state.Resuming)
            {
                // A resumed subscription gets every event after its position in the replay that follows the subscribe result.
                state = null;
            }
            else if (!string.Equals(state.Epoch, epoch, StringComparison.Ordinal))
            {
                previousEpoch = state.Epoch;
                lastSeq = state.LastSeq;
                state.Epoch = epoch;
                state.LastSeq = seq - 1;
            }
            else if (seq <= state.LastSeq)
            {
                Interlocked.Increment(ref _duplicatesDropped);
                ProjectSocketsClientLog.DuplicateDropped(context.Logger, project, seq);
                return null;
            }
            else
            {
                return state;
            }
        }

        if (state is null)
        {
            ProjectSocketsClientLog.UnsubscribedEventDropped(context.Logger, project);
            return null;
        }

        ProjectSocketsClientLog.RecoveryFailed(context.Logger, project, lastSeq, seq - 1);
        context.Events.RaiseRecoveryFailed(new ProjectSocketsRecoveryFailedEventArgs(project, previousEpoch, epoch, lastSeq, seq - 1));
        return state;
    }

    /// <summary>Records that the application has the event <paramref name="seq"/> of <paramref name="state"/>.</summary>
    public void MarkDelivered(ProjectState state, long seq)
    {
        lock (_gate)
        {
            state.LastSeq = seq;
        }
    }

    /// <summary>Ends a subscription the server will not restore: forgets it, tells the application, ends its stream.</summary>
    public void End(ProjectState state, ProjectSocketsCommandException error)
    {
        string? epoch;
        long lastSeq;
        lock (_gate)
        {
            epoch = state.Epoch;
            lastSeq = state.LastSeq;
        }

        if (!Forget(state))
        {
            return;
        }

        ProjectSocketsClientLog.ResubscribeFailed(context.Logger, state.Project, error.Code, error.Message);
        context.Events.RaiseSubscriptionFailed(new ProjectSocketsSubscriptionFailedEventArgs(state.Project, error, epoch, lastSeq));
        state.Subscription?.Complete(error);
    }

    /// <summary>Forgets every subscription and ends its stream: normally on disposal, with an error otherwise.</summary>
    public void EndAll(int? closeCode, Exception? exception)
    {
        ProjectState[] states;
        lock (_gate)
        {
            states = [.. _projects.Values];
            _projects.Clear();
        }

        var error = exception is ObjectDisposedException
            ? null
            : new ProjectSocketsConnectionException("The connection ended and the client is not reconnecting.", exception) { CloseCode = closeCode };
        foreach (var state in states)
        {
            state.Subscription?.Complete(error);
        }
    }
}
