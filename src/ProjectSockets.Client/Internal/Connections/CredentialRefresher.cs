using System.Text.Json;

namespace ProjectSockets.Client.Internal;

/// <summary>
/// Answers the server's <c>credentials_expiring</c>: asks the <see cref="ProjectSocketsClientOptions.AccessTokenProvider"/>
/// for a new token and sends it with the built-in <c>refresh</c>, beside the receive loop. Without a provider, or when
/// the refresh fails, the server closes the connection with 4003 at the expiry and the client reconnects with a new token.
/// </summary>
internal sealed class CredentialRefresher(ClientContext context, CommandCorrelator commands)
{
    public void Start(ClientSession session)
    {
        if (context.Options.AccessTokenProvider is { } provider)
        {
            _ = RefreshAsync(session, provider);
        }
    }

    private async Task RefreshAsync(ClientSession session, Func<CancellationToken, ValueTask<string?>> provider)
    {
        try
        {
            var token = await provider(session.Lifetime).ConfigureAwait(false);
            if (string.IsNullOrEmpty(token))
            {
                ProjectSocketsClientLog.RefreshSkipped(context.Logger);
                return;
            }

            var args = JsonSerializer.SerializeToUtf8Bytes(new RefreshArgs(token), ClientArgumentsContext.Default.RefreshArgs);
            await commands.SendAsync(session, "refresh", null, args, null, session.Lifetime).ConfigureAwait(false);
            ProjectSocketsClientLog.CredentialsRefreshed(context.Logger);
        }
        catch (Exception exception)
        {
            // The connection goes on until the expiry; then the server closes it with 4003 and the client reconnects.
            ProjectSocketsClientLog.RefreshFailed(context.Logger, exception);
        }
    }
}
