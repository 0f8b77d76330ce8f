using System.Net.WebSockets;

namespace ProjectSockets.Client.Internal;

/// <summary>
/// Opens one connection: builds the URL and headers (access token, the route project's resume point), opens the
/// WebSocket, starts its <see cref="ReceiveLoop"/>, waits for <c>welcome</c> and, when resuming, restores every
/// subscription, all within <see cref="ProjectSocketsClientOptions.ConnectTimeout"/>. A failed attempt leaves nothing open.
/// </summary>
/// <param name="context">The client's settings, clock, log and stop signal.</param>
/// <param name="tracker">Where the subscriptions stand (the route project's resume point).</param>
/// <param name="receiveLoop">Reads the new connection.</param>
/// <param name="subscriptions">Restores the subscriptions on a resumed connection.</param>
internal sealed class SessionConnector(ClientContext context, SubscriptionTracker tracker, ReceiveLoop receiveLoop, SubscriptionCommands subscriptions)
{
    /// <summary>Connects, waits for <c>welcome</c> and, when resuming, restores every subscription.</summary>
    /// <param name="resume">Whether this connection replaces a lost one.</param>
    /// <param name="cancellationToken">Cancels the attempt.</param>
    public async Task<ClientSession> OpenAsync(bool resume, CancellationToken cancellationToken)
    {
        var options = context.Options;
        using var timeout = new CancellationTokenSource(options.ConnectTimeout, context.TimeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token, context.Stopping);
        var token = options.AccessTokenProvider is { } provider ? await provider(linked.Token).ConfigureAwait(false) : null;
        var uri = BuildUri(token);
        var headers = new Dictionary<string, string>(options.Headers, StringComparer.OrdinalIgnoreCase);
        if (!string.IsNullOrEmpty(token) && !options.AccessTokenInQuery)
        {
            headers["Authorization"] = "Bearer " + token;
        }

        ProjectSocketsClientLog.Connecting(context.Logger, uri.GetLeftPart(UriPartial.Path));
        WebSocket socket;
        try
        {
            socket = await options.WebSocketFactory(new WebSocketConnectRequest(uri, headers, ProjectSocketsClient.SubProtocol, options.ConfigureWebSocket), linked.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException exception) when (timeout.IsCancellationRequested)
        {
            throw new ProjectSocketsConnectionException($"The connection was not opened within {options.ConnectTimeout}.", exception);
        }

        var session = new ClientSession(socket, context.TimeProvider);
        session.Receiving = receiveLoop.Start(session);
        try
        {
            await session.Welcome.Task.WaitAsync(linked.Token).ConfigureAwait(false);
            if (resume)
            {
                await subscriptions.ResubscribeAllAsync(session, linked.Token).ConfigureAwait(false);
            }

            ProjectSocketsClientLog.Connected(context.Logger, session.ConnectionId);
            return session;
        }
        catch (Exception exception)
        {
            session.Abort("connection attempt failed");
            var outcome = await session.Receiving.ConfigureAwait(false);
            session.Dispose();
            var welcomed = session.Welcome.Task.IsCompletedSuccessfully;
            if (exception is OperationCanceledException && timeout.IsCancellationRequested)
            {
                throw new ProjectSocketsConnectionException(
                    welcomed
                        ? $"The server welcomed the client but did not answer every resubscription within {options.ConnectTimeout}."
                        : $"The server did not welcome the client within {options.ConnectTimeout}.",
                    exception);
            }

            if (welcomed && exception is ProjectSocketsConnectionException lost)
            {
                throw new ProjectSocketsConnectionException("The connection was lost after the server's welcome, before every subscription was restored.", lost)
                {
                    CloseCode = lost.CloseCode ?? outcome.CloseCode,
                };
            }

            throw;
        }
    }

    /// <summary>The URL with the client's own query parameters: the resume point of the route project, the token.</summary>
    private Uri BuildUri(string? accessToken)
    {
        var url = context.Options.Url!;
        var parameters = new List<string>();
        foreach (var part in url.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var name = Uri.UnescapeDataString(part.Split('=')[0]);
            if (name is not ("since" or "epoch" or "access_token" or "session"))
            {
                parameters.Add(part);
            }
        }

        parameters.AddRange(tracker.RouteResumeParameters());
        parameters.Add("session=" + context.SessionKey);
        if (!string.IsNullOrEmpty(accessToken) && context.Options.AccessTokenInQuery)
        {
            parameters.Add("access_token=" + Uri.EscapeDataString(accessToken));
        }

        return new UriBuilder(url) { Query = string.Join('&', parameters) }.Uri;
    }
}
