using ProjectSockets.Client.Internal;

namespace ProjectSockets.Client;

public sealed partial class ProjectSocketsClient
{
    /// <summary>
    /// Subscribes to a project. From the server's answer on, each of its events that passes the filter is delivered
    /// once and in order, across reconnects: to the <c>On</c> handlers and, with <see cref="SubscribeOptions.BufferEvents"/>,
    /// to the subscription's stream. Dispose the subscription to unsubscribe. After a reconnect the client subscribes
    /// again from where the application stands, retrying transient answers with backoff; should the server refuse for
    /// good, <see cref="SubscriptionFailed"/> is raised and the stream ends with the server's error.
    /// </summary>
    /// <param name="project">The project id.</param>
    /// <param name="options">The filter and buffering; every event, unbuffered, when <see langword="null"/>.</param>
    /// <param name="cancellationToken">Stops waiting for the server's answer.</param>
    /// <returns>The subscription.</returns>
    /// <exception cref="ProjectSocketsCommandException">The server refused, for example <c>forbidden</c> or <c>limit_exceeded</c>.</exception>
    /// <exception cref="ProjectSocketsConnectionException">Not connected, or the connection was lost before the answer.</exception>
    /// <exception cref="InvalidOperationException">The project is already subscribed, or is the URL's route project.</exception>
    public async Task<ProjectSubscription> SubscribeAsync(string project, SubscribeOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(project);
        if (!ProtocolNames.IsValidProject(project))
        {
            throw new ArgumentException($"'{project}' is not a valid project id.", nameof(project));
        }

        var events = options?.Events is { } patterns ? ValidatePatterns(patterns) : null;
        var session = RequireSession();
        var subscription = new ProjectSubscription(this, project, events, options?.BufferEvents == true ? _options.EventBufferCapacity : 0);
        var state = new ProjectState(project, events, subscription);
        lock (_gate)
        {
            if (_projects.TryGetValue(project, out var existing))
            {
                throw new InvalidOperationException(existing.IsRoute
                    ? $"Project '{project}' is the route project of the URL: it stays subscribed while the client lives, and its events reach the On handlers."
                    : $"Project '{project}' is already subscribed; dispose that subscription first.");
            }

            _projects.Add(project, state);
        }

        try
        {
            var args = ClientMessageWriter.SubscribeArgs(events, since: null, epoch: null);
            await SendCommandAsync(session, "subscribe", project, args, data => ApplyPosition(state, SubscriptionPositionReader.Read(data)), cancellationToken);
            return subscription;
        }
        catch
        {
            Forget(state);
            throw;
        }
    }

    /// <summary>Ends a subscription: the client forgets it at once and tells the server when connected.</summary>
    internal async ValueTask UnsubscribeAsync(ProjectSubscription subscription)
    {
        ProjectState? state = null;
        lock (_gate)
        {
            if (_projects.TryGetValue(subscription.Project, out var current) && ReferenceEquals(current.Subscription, subscription))
            {
                state = current;
            }
        }

        subscription.Complete(null);
        if (state is null || !Forget(state))
        {
            return;
        }

        ClientSession? session;
        lock (_gate)
        {
            session = _state == ProjectSocketsClientState.Connected ? _session : null;
        }

        if (session is null)
        {
            return;
        }

        try
        {
            await SendCommandAsync(session, "unsubscribe", subscription.Project, [], null, CancellationToken.None);
        }
        catch (Exception exception) when (exception is ProjectSocketsException or TimeoutException)
        {
            ProjectSocketsClientLog.UnsubscribeFailed(_logger, subscription.Project, exception);
        }
    }

    private bool Forget(ProjectState state)
    {
        lock (_gate)
        {
            return _projects.TryGetValue(state.Project, out var current) && ReferenceEquals(current, state) && _projects.Remove(state.Project);
        }
    }

    private static string[] ValidatePatterns(IReadOnlyList<string> patterns)
    {
        if (patterns.Count is 0 or > EventFilter.MaxPatterns)
        {
            throw new ArgumentException($"A filter holds 1 to {EventFilter.MaxPatterns} patterns; leave Events null for every event.", "options");
        }

        foreach (var pattern in patterns)
        {
            if (pattern is null || !EventFilter.IsValidPattern(pattern))
            {
                throw new ArgumentException($"'{pattern}' is not a valid event pattern: a name, a prefix followed by *, or *.", "options");
            }
        }

        return [.. patterns];
    }
}
