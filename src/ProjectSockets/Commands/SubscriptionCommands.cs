using Microsoft.Extensions.Logging;
using static ProjectSockets.CommandDispatcher;

namespace ProjectSockets;

/// <summary>
/// The built-in commands: <c>subscribe</c> (arguments, the per-connection limit, the authorizer, then the attach with
/// its replay) and <c>unsubscribe</c>.
/// </summary>
internal sealed class SubscriptionCommands(ProjectSocketsOptions options, IProjectAuthorizer authorizer, ProjectFanout fanout, IProjectPresence presence, ILogger logger)
{
    public async Task SubscribeAsync(ConnectionState state, InboundMessage message)
    {
        if (message.Project is not { } project)
        {
            Fail(state, message.Id, ProtocolErrorCodes.BadRequest, "'subscribe' needs a project.");
            return;
        }

        var (arguments, code, problem) = SubscribeArguments.Read(message.Args);
        if (arguments is null)
        {
            Fail(state, message.Id, code!, problem!);
            return;
        }

        if (arguments.Presence && !presence.IsEnabled(project))
        {
            Fail(state, message.Id, ProtocolErrorCodes.PresenceDisabled, "This project keeps no presence; subscribe without 'presence'.");
            return;
        }

        if (!state.Subscriptions.IsSubscribed(project) && state.Subscriptions.Count >= options.MaxSubscriptionsPerConnection)
        {
            Fail(state, message.Id, ProtocolErrorCodes.LimitExceeded, $"At most {options.MaxSubscriptionsPerConnection} subscriptions are allowed per connection.");
            return;
        }

        try
        {
            if (!await authorizer.CanSubscribeAsync(state.Request, project, state.Lifetime.Token).ConfigureAwait(false))
            {
                Fail(state, message.Id, ProtocolErrorCodes.Forbidden, "Not allowed to subscribe to this project.");
                return;
            }

            // A subscribe without id still succeeds silently; its replay, if any, is sent all the same.
            var id = message.Id;
            await fanout.AttachAsync(state, project, arguments.Filter, arguments.Since, arguments.Epoch,
                position => id is null ? null : ProtocolWriter.SubscribeResult(id, position), arguments.Presence).ConfigureAwait(false);
        }
        catch (Exception exception) when (!state.Lifetime.IsCancellationRequested)
        {
            // The authorizer and the store are the host's code or a backplane that may be unreachable: a failure there
            // fails this command, not the connection, and the client may try again.
            ProjectSocketsLog.SubscribeFailed(logger, project, state.Id, exception);
            Fail(state, message.Id, ProtocolErrorCodes.HandlerError, "The subscription could not be made now; try again.");
        }
    }

    public void Unsubscribe(ConnectionState state, InboundMessage message)
    {
        if (message.Project is not { } project)
        {
            Fail(state, message.Id, ProtocolErrorCodes.BadRequest, "'unsubscribe' needs a project.");
            return;
        }

        fanout.RemoveSubscriber(state, project);
        if (message.Id is { } id)
        {
            state.TryEnqueue(ProtocolWriter.UnsubscribeResult(id, project));
        }
    }
}
