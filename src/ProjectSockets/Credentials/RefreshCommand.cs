using System.Text.Json;
using Microsoft.Extensions.Logging;
using static ProjectSockets.CommandDispatcher;

namespace ProjectSockets;

/// <summary>
/// The built-in <c>refresh</c>: <c>args.token</c> goes to the <see cref="IConnectionCredentials"/> seam; accepted
/// credentials of the same user replace the connection's (and its expiry), and the authorizer checks every
/// subscription again: a project it no longer allows ends with an <c>unsubscribed</c> notice (reason <c>revoked</c>).
/// </summary>
internal sealed class RefreshCommand(
    ProjectSocketsOptions options,
    IConnectionCredentials credentials,
    IProjectAuthorizer authorizer,
    IUserIdProvider users,
    ControlExecutor control,
    ILogger logger)
{
    private const string NotGrantedAgain = "Access to this project is not granted by the refreshed credentials.";

    public async Task RefreshAsync(ConnectionState state, InboundMessage message)
    {
        if (ReadToken(message.Args) is not { } token)
        {
            Fail(state, message.Id, ProtocolErrorCodes.InvalidArgs, "'refresh' takes {\"token\": a non-empty string}.");
            return;
        }

        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(state.Lifetime.Token);
            timeout.CancelAfter(options.CommandTimeout);
            var current = state.Request;
            var result = await credentials.RefreshAsync(current, token, timeout.Token).ConfigureAwait(false);
            var refreshed = result.User is { } user ? current.WithUser(user, users) : null;
            if (refreshed is null || !string.Equals(refreshed.UserId, current.UserId, StringComparison.Ordinal))
            {
                ProjectSocketsLog.RefreshDenied(logger, state.Id);
                Fail(state, message.Id, ProtocolErrorCodes.RefreshDenied, result.Message ?? "A refresh cannot change the connection's user.");
                return;
            }

            state.Credentials.Replace(refreshed, result.ExpiresAt);
            foreach (var project in state.GetProjects())
            {
                if (!await authorizer.CanSubscribeAsync(refreshed, project, timeout.Token).ConfigureAwait(false))
                {
                    control.EndSubscription(state, project, ProtocolWriter.UnsubscribedRevoked, NotGrantedAgain);
                }
            }

            if (message.Id is { } id)
            {
                state.TryEnqueue(ProtocolWriter.RefreshResult(id, result.ExpiresAt));
            }
        }
        catch (Exception exception) when (!state.Lifetime.IsCancellationRequested)
        {
            // The seam and the authorizer are the host's code: a failure fails this command, and the earlier
            // credentials (and their expiry) still hold.
            ProjectSocketsLog.RefreshFailed(logger, state.Id, exception);
            Fail(state, message.Id, ProtocolErrorCodes.HandlerError, "The refresh could not be checked now; try again.");
        }
    }

    private static string? ReadToken(byte[]? args)
    {
        if (args is null)
        {
            return null;
        }

        using var document = JsonDocument.Parse(args);
        try
        {
            return document.RootElement.ValueKind == JsonValueKind.Object
                && document.RootElement.TryGetProperty("token", out var token)
                && token.ValueKind == JsonValueKind.String
                && token.GetString() is { Length: > 0 } text ? text : null;
        }
        catch (InvalidOperationException)
        {
            // A string escaping a lone surrogate cannot be read as .NET text.
            return null;
        }
    }
}
