using ProjectSockets.Client.Internal;

namespace ProjectSockets.Client;

public sealed partial class ProjectSocketsClient
{
    /// <summary>
    /// Raised when a subscription has ended because the server would not restore it after a reconnect: a final answer
    /// (<c>forbidden</c>, <c>limit_exceeded</c>, …), or transient answers (<c>handler_error</c>, <c>timeout</c>,
    /// <c>rate_limited</c>) for <see cref="ReconnectOptions.MaxAttempts"/> tries. The client has forgotten the project
    /// and the subscription's stream ends with the same <see cref="ProjectSocketsCommandException"/>.
    /// </summary>
    public event EventHandler<ProjectSocketsSubscriptionFailedEventArgs>? SubscriptionFailed;

    /// <summary>
    /// Restores every confirmed subscription on a new connection, resuming after the last delivered event. A transient
    /// answer does not fail the connection: that subscription is retried in the background (see
    /// <see cref="RetryResubscribeAsync"/>) while the others go on.
    /// </summary>
    private async Task ResubscribeAsync(ClientSession session, CancellationToken cancellationToken)
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

        await Task.WhenAll(resume.Select(state => ResubscribeAsync(session, state, cancellationToken)));
    }

    private async Task ResubscribeAsync(ClientSession session, ProjectState state, CancellationToken cancellationToken)
    {
        try
        {
            await SendResubscribeAsync(session, state, cancellationToken);
        }
        catch (ProjectSocketsCommandException exception) when (ResubscribeAnswers.IsTransient(exception.Code))
        {
            _ = RetryResubscribeAsync(session, state, exception);
        }
        catch (ProjectSocketsCommandException exception)
        {
            EndSubscription(state, exception);
        }
    }

    /// <summary>
    /// Subscribes again, with backoff, after a transient answer, from the position the application reached (the server
    /// replays what it missed). Ends with the connection (the next one resubscribes), on disposal or unsubscribe, on
    /// success, or with a final answer or too many attempts: then the subscription ends loudly.
    /// </summary>
    private async Task RetryResubscribeAsync(ClientSession session, ProjectState state, ProjectSocketsCommandException first)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(session.Ended, session.Lifetime, _disposing.Token);
        var last = first;
        try
        {
            for (var attempt = 1; ; attempt++)
            {
                if (_options.Reconnect.MaxAttempts is { } max && attempt > max)
                {
                    EndSubscription(state, last);
                    return;
                }

                var delay = ReconnectBackoff.Delay(_options.Reconnect, attempt, Random.Shared.NextDouble());
                ProjectSocketsClientLog.ResubscribeRetryScheduled(_logger, state.Project, last.Code, attempt, delay);
                await Task.Delay(delay, _timeProvider, stop.Token);
                if (!IsCurrent(state))
                {
                    return;
                }

                try
                {
                    await SendResubscribeAsync(session, state, stop.Token);
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
            EndSubscription(state, exception);
        }
        catch (Exception exception) when (exception is OperationCanceledException or ProjectSocketsConnectionException or ObjectDisposedException)
        {
            // The connection ended or the client is being disposed: a new connection resubscribes from the same position.
        }
        catch (Exception exception)
        {
            // Never an unobserved task: the subscription stays, and the next connection resubscribes it.
            ProjectSocketsClientLog.ResubscribeRetryFailed(_logger, state.Project, exception);
        }
    }

    /// <summary>Sends <c>subscribe</c> with the project's filter and the position the application reached.</summary>
    private Task SendResubscribeAsync(ClientSession session, ProjectState state, CancellationToken cancellationToken)
    {
        byte[] args;
        lock (_gate)
        {
            args = ClientMessageWriter.SubscribeArgs(state.Events, state.LastSeq, state.Epoch);
        }

        return SendCommandAsync(session, "subscribe", state.Project, args, data => ApplyPosition(state, SubscriptionPositionReader.Read(data)), cancellationToken);
    }

    /// <summary>Ends a subscription the server will not restore: forgets it, tells the application, ends its stream.</summary>
    private void EndSubscription(ProjectState state, ProjectSocketsCommandException error)
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

        ProjectSocketsClientLog.ResubscribeFailed(_logger, state.Project, error.Code, error.Message);
        Raise(SubscriptionFailed, new ProjectSocketsSubscriptionFailedEventArgs(state.Project, error, epoch, lastSeq), nameof(SubscriptionFailed));
        state.Subscription?.Complete(error);
    }

    private bool IsCurrent(ProjectState state)
    {
        lock (_gate)
        {
            return _projects.TryGetValue(state.Project, out var current) && ReferenceEquals(current, state);
        }
    }
}
