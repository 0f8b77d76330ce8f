namespace ProjectSockets.Client.Internal;

/// <summary>
/// Talks to the server about subscriptions: <c>subscribe</c> and <c>unsubscribe</c> for the application, and after a
/// reconnect <c>subscribe</c> again from where each project stands. A transient answer to a resubscription does not fail
/// the connection: that project is retried with backoff while the others go on; a final answer ends it loudly.
/// </summary>
/// <param name="context">The client's settings, clock, log and stop signal.</param>
/// <param name="tracker">Where the subscriptions stand.</param>
/// <param name="commands">Sends the commands and waits for their results.</param>
internal sealed class SubscriptionCommands(ClientContext context, SubscriptionTracker tracker, CommandCorrelator commands)
{
    /// <summary>Checks the request, then subscribes on the current connection; the client forgets the project again should that fail.</summary>
    /// <param name="owner">The client the subscription belongs to.</param>
    /// <param name="project">The project id.</param>
    /// <param name="options">The filter and buffering, or <see langword="null"/>.</param>
    /// <param name="requireSession">The current connection; throws when there is none.</param>
    /// <param name="cancellationToken">Stops waiting for the server's answer.</param>
    public async Task<ProjectSubscription> SubscribeAsync(
        ProjectSocketsClient owner, string project, SubscribeOptions? options, Func<ClientSession> requireSession, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(project);
        if (!ProtocolNames.IsValidProject(project))
        {
            throw new ArgumentException($"'{project}' is not a valid project id.", nameof(project));
        }

        var events = options?.Events is { } patterns ? ValidatePatterns(patterns) : null;
        var session = requireSession();
        var subscription = new ProjectSubscription(owner, project, events, options?.BufferEvents == true ? context.Options.EventBufferCapacity : 0);
        var state = new ProjectState(project, events, subscription);
        tracker.Add(state);
        try
        {
            await SendSubscribeAsync(session, state, ClientMessageWriter.SubscribeArgs(events, since: null, epoch: null), cancellationToken).ConfigureAwait(false);
            return subscription;
        }
        catch
        {
            tracker.Forget(state);
            throw;
        }
    }

    /// <summary>Ends a subscription: the client forgets it at once and tells the server when connected.</summary>
    /// <param name="subscription">The subscription.</param>
    /// <param name="connectedSession">The current connection when connected, else <see langword="null"/>.</param>
    public async Task UnsubscribeAsync(ProjectSubscription subscription, Func<ClientSession?> connectedSession)
    {
        var state = tracker.Find(subscription);
        subscription.Complete(null);
        if (state is null || !tracker.Forget(state) || connectedSession() is not { } session)
        {
            return;
        }

        try
        {
            await commands.SendAsync(session, "unsubscribe", subscription.Project, [], null, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is ProjectSocketsException or TimeoutException)
        {
            ProjectSocketsClientLog.UnsubscribeFailed(context.Logger, subscription.Project, exception);
        }
    }

    /// <summary>
    /// Restores every confirmed subscription on a new connection, resuming after the last delivered event. A transient
    /// answer is retried in the background (see <see cref="RetryAsync"/>); a final one ends that subscription.
    /// </summary>
    public Task ResubscribeAllAsync(ClientSession session, CancellationToken cancellationToken)
        => Task.WhenAll(tracker.BeginResume().Select(state => ResubscribeAsync(session, state, cancellationToken)));

    private async Task ResubscribeAsync(ClientSession session, ProjectState state, CancellationToken cancellationToken)
    {
        try
        {
            await SendSubscribeAsync(session, state, tracker.ResumeArgs(state), cancellationToken).ConfigureAwait(false);
        }
        catch (ProjectSocketsCommandException exception) when (ResubscribeAnswers.IsTransient(exception.Code))
        {
            _ = RetryAsync(session, state, exception);
        }
        catch (ProjectSocketsCommandException exception)
        {
            tracker.End(state, exception);
        }
    }

    /// <summary>
    /// Subscribes again, with backoff, after a transient answer, from the position the application reached (the server
    /// replays what it missed). Ends with the connection (the next one resubscribes), on disposal or unsubscribe, on
    /// success, or with a final answer or too many attempts: then the subscription ends loudly.
    /// </summary>
    private async Task RetryAsync(ClientSession session, ProjectState state, ProjectSocketsCommandException first)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(session.Ended, session.Lifetime, context.Stopping);
        var last = first;
        try
        {
            for (var attempt = 1; ; attempt++)
            {
                if (context.Options.Reconnect.MaxAttempts is { } max && attempt > max)
                {
                    tracker.End(state, last);
                    return;
                }

                var delay = ReconnectBackoff.Delay(context.Options.Reconnect, attempt, Random.Shared.NextDouble());
                ProjectSocketsClientLog.ResubscribeRetryScheduled(context.Logger, state.Project, last.Code, attempt, delay);
                await Task.Delay(delay, context.TimeProvider, stop.Token).ConfigureAwait(false);
                if (!tracker.IsCurrent(state))
                {
                    return;
                }

                try
                {
                    await SendSubscribeAsync(session, state, tracker.ResumeArgs(state), stop.Token).ConfigureAwait(false);
                    return;
                }
                catch (ProjectSocketsCommandException exception) when (ResubscribeAnswers.IsTransient(exception.Code))
                {
                    last = exception;
                }
                catch (TimeoutException exception)
                {
                    // No answer at all within the command timeout: as transient as a "timeout" answer.
                    last = new ProjectSocketsCommandException("subscribe", ProtocolErrorCodes.Timeout, exception.Message);
                }
            }
        }
        catch (ProjectSocketsCommandException exception)
        {
            tracker.End(state, exception);
        }
        catch (Exception exception) when (exception is OperationCanceledException or ProjectSocketsConnectionException or ObjectDisposedException)
        {
            // The connection ended or the client is being disposed: a new connection resubscribes from the same position.
        }
        catch (Exception exception)
        {
            // Never an unobserved task: the subscription stays, and the next connection resubscribes it.
            ProjectSocketsClientLog.ResubscribeRetryFailed(context.Logger, state.Project, exception);
        }
    }

    /// <summary>Sends <c>subscribe</c>; its successful result sets the project's position on the receive loop, before any later event.</summary>
    private Task SendSubscribeAsync(ClientSession session, ProjectState state, byte[] args, CancellationToken cancellationToken)
        => commands.SendAsync(session, "subscribe", state.Project, args, data => tracker.ApplyPosition(state, SubscriptionPositionReader.Read(data)), cancellationToken);

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
