using Microsoft.Extensions.Logging;
using static ProjectSockets.CommandDispatcher;

namespace ProjectSockets;

/// <summary>
/// The built-in <c>presence</c>: who is subscribed to a project that keeps presence. Authorized as a subscription to
/// the project is (<see cref="IProjectAuthorizer.CanSubscribeAsync"/>): whoever may follow a project may see who
/// else does.
/// </summary>
internal sealed class PresenceCommand(ProjectSocketsOptions options, IProjectAuthorizer authorizer, IProjectPresence presence, ILogger logger)
{
    public async Task RunAsync(ConnectionState state, InboundMessage message)
    {
        if (message.Project is not { } project)
        {
            Fail(state, message.Id, ProtocolErrorCodes.BadRequest, "'presence' needs a project.");
            return;
        }

        try
        {
            if (!await authorizer.CanSubscribeAsync(state.Request, project, state.Lifetime.Token).ConfigureAwait(false))
            {
                Fail(state, message.Id, ProtocolErrorCodes.Forbidden, "Not allowed to see this project's presence.");
                return;
            }

            if (!presence.IsEnabled(project))
            {
                Fail(state, message.Id, ProtocolErrorCodes.PresenceDisabled, "This project keeps no presence.");
                return;
            }

            var members = await presence.GetMembersAsync(project, state.Lifetime.Token).ConfigureAwait(false);
            var count = await presence.GetCountAsync(project, state.Lifetime.Token).ConfigureAwait(false);
            if (message.Id is { } id)
            {
                state.TryEnqueue(ProtocolWriter.Result(id, PresenceWriter.Answer(project, Math.Max(count, members.Count), members, options.Presence.MaxMembersInReply)));
            }
        }
        catch (Exception exception) when (!state.Lifetime.IsCancellationRequested)
        {
            ProjectSocketsLog.PresenceQueryFailed(logger, project, state.Id, exception);
            Fail(state, message.Id, ProtocolErrorCodes.HandlerError, "Presence could not be read now; try again.");
        }
    }
}
