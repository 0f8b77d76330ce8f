using Microsoft.Extensions.Logging;

namespace ProjectSockets;

/// <summary>
/// This node's <see cref="IControlSink"/>: finds the addressed connections among those open here and does what a
/// <see cref="ControlCommand"/> says to each. Every step only queues or requests a close, as the receive loop and the
/// publish path do; only a disconnect waits, for its connections to end.
/// </summary>
internal sealed class ControlExecutor(ProjectSocketsOptions options, ConnectionRegistry registry, ProjectFanout fanout, TimeProvider timeProvider, ILogger logger) : IControlSink
{
    public async ValueTask<int> ExecuteAsync(ControlCommand command, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(command);
        var targets = FindTargets(command);
        if (targets.Count == 0)
        {
            return 0;
        }

        switch (command.Kind)
        {
            case ControlCommandKind.Send:
                var message = ProtocolWriter.DirectEvent(command.Project, command.EventName!, timeProvider.GetUtcNow(), command.Data.Span);
                return targets.Count(state => state.TryEnqueue(message));
            case ControlCommandKind.Disconnect:
                foreach (var state in targets)
                {
                    state.RequestClose(command.CloseCode, command.Reason ?? string.Empty, sendDisconnected: true, discardPending: false);
                }

                await Task.WhenAll(targets.Select(state => state.Completed)).WaitAsync(cancellationToken).ConfigureAwait(false);
                return targets.Count;
            case ControlCommandKind.Subscribe:
                var filter = command.Events is { } events ? EventFilter.Create(events) : EventFilter.All;
                var subscribed = 0;
                foreach (var state in targets)
                {
                    subscribed += await SubscribeAsync(state, command.Project!, filter).ConfigureAwait(false) ? 1 : 0;
                }

                return subscribed;
            case ControlCommandKind.Unsubscribe:
                return targets.Count(state => EndSubscription(state, command.Project!, ProtocolWriter.UnsubscribedByServer, command.Reason));
            case ControlCommandKind.Revoke:
                return targets.Count(state => EndSubscription(state, command.Project!, ProtocolWriter.UnsubscribedRevoked, command.Reason));
            default:
                return 0;
        }
    }

    /// <summary>
    /// Ends one subscription from the server: the connection leaves the project's set, then gets an
    /// <c>unsubscribed</c> notice. Also used when a refresh's new credentials no longer allow a project.
    /// </summary>
    /// <returns><see langword="true"/> when the connection was subscribed.</returns>
    public bool EndSubscription(ConnectionState state, string project, string reason, string? message)
    {
        if (!state.Subscriptions.IsSubscribed(project))
        {
            return false;
        }

        fanout.RemoveSubscriber(state, project);
        state.TryEnqueue(ProtocolWriter.UnsubscribedNotice(project, reason, message));
        ProjectSocketsLog.AccessEnded(logger, state.Id, project, reason);
        return true;
    }

    private async Task<bool> SubscribeAsync(ConnectionState state, string project, EventFilter filter)
    {
        if (state.IsClosing)
        {
            return false;
        }

        if (!state.Subscriptions.IsSubscribed(project) && state.Subscriptions.Count >= options.MaxSubscriptionsPerConnection)
        {
            ProjectSocketsLog.ControlSubscribeOverLimit(logger, project, state.Id);
            return false;
        }

        try
        {
            // The same attach as a client's subscribe: the notice is queued before any newer event of the project.
            await fanout.AttachAsync(state, project, filter, null, null, ProtocolWriter.SubscribedNotice).ConfigureAwait(false);
            return state.Subscriptions.IsSubscribed(project);
        }
        catch (Exception exception) when (!state.Lifetime.IsCancellationRequested)
        {
            ProjectSocketsLog.ControlSubscribeFailed(logger, project, state.Id, exception);
            return false;
        }
        catch (OperationCanceledException)
        {
            // The connection ended while the store attached it.
            return false;
        }
    }

    private List<ConnectionState> FindTargets(ControlCommand command)
    {
        var targets = new List<ConnectionState>();
        if (command.ConnectionId is { } connectionId)
        {
            if (registry.TryGet(connectionId, out var state))
            {
                targets.Add(state);
            }
        }
        else if (command.UserId is { } userId)
        {
            foreach (var id in registry.GetConnectionIdsOfUser(userId))
            {
                if (registry.TryGet(id, out var state))
                {
                    targets.Add(state);
                }
            }
        }

        return targets;
    }

}
