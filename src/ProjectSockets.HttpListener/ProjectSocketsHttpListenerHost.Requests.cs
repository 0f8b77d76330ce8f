using System.Net;
using System.Net.WebSockets;
using System.Text;

namespace ProjectSockets;

public sealed partial class ProjectSocketsHttpListenerHost
{
    /// <summary>Takes requests off the listener and hands each to its own task: it never awaits a request.</summary>
    private async Task AcceptLoopAsync(HttpListener listener)
    {
        while (true)
        {
            HttpListenerContext context;
            try
            {
                context = await listener.GetContextAsync().ConfigureAwait(false);
            }
            catch (Exception exception) when (exception is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                if (_shutdown.IsCancellationRequested || !listener.IsListening)
                {
                    return;
                }

                HttpListenerHostLog.AcceptFailed(_logger, exception);
                continue;
            }

            Dispatch(context);
        }
    }

    private void Dispatch(HttpListenerContext context)
    {
        var id = Interlocked.Increment(ref _lastRequest);

        // Tracked before it starts, so a stop that waits for requests never misses one.
        var work = new Task<Task>(() => HandleAsync(id, context));
        _requests[id] = work.Unwrap();
        work.Start(TaskScheduler.Default);
    }

    private async Task HandleAsync(long id, HttpListenerContext context)
    {
        try
        {
            await HandleRequestAsync(context).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (_shutdown.IsCancellationRequested)
        {
            Abort(context.Response);
        }
        catch (Exception exception) when (exception is HttpListenerException or IOException or ObjectDisposedException)
        {
            // The client went away in the middle of the request.
            HttpListenerHostLog.RequestFailed(_logger, exception);
            Abort(context.Response);
        }
        catch (Exception exception)
        {
            // Before the upgrade: the host's authentication or authorizer threw.
            HttpListenerHostLog.RequestError(_logger, exception);
            await TryRespondAsync(context.Response, 500, "The server could not handle the request.").ConfigureAwait(false);
        }
        finally
        {
            _requests.TryRemove(id, out _);
        }
    }

    private async Task HandleRequestAsync(HttpListenerContext context)
    {
        if (context.Response.StatusCode != (int)HttpStatusCode.OK)
        {
            // The managed HttpListener answers some requests itself (411 for a POST or PUT with neither a length nor
            // chunked encoding, 501 for an unknown transfer coding), closes their connection, and still hands them
            // over; their response and connection are no longer there to use.
            HttpListenerHostLog.AnsweredByListener(_logger, context.Response.StatusCode);
            return;
        }

        var request = context.Request;
        var route = HttpListenerRoute.Match(request.RawUrl ?? "/", _options.PathPrefix);
        if (!route.IsEndpoint)
        {
            await RespondAsync(context.Response, 404, "Not found.", keepAlive: true).ConfigureAwait(false);
            return;
        }

        // RFC 6455 upgrades GET requests only (HttpListener's IsWebSocketRequest looks at the headers alone); ASP.NET
        // Core answers any other method with the same 400.
        if (!request.IsWebSocketRequest || !string.Equals(request.HttpMethod, "GET", StringComparison.Ordinal))
        {
            await RespondAsync(context.Response, 400, "This endpoint accepts WebSocket upgrade requests only.", keepAlive: true).ConfigureAwait(false);
            return;
        }

        var token = _shutdown.Token;
        var user = HttpListenerConnectionRequest.ToClaimsPrincipal(context.User);
        if (_options.Authenticate is { } authenticate)
        {
            if (await authenticate(context, token).ConfigureAwait(false) is not { } authenticated)
            {
                HttpListenerHostLog.Unauthenticated(_logger);
                await RespondAsync(context.Response, 401, "Authentication is required.", keepAlive: false).ConfigureAwait(false);
                return;
            }

            user = authenticated;
        }

        var connectionRequest = HttpListenerConnectionRequest.Create(request, route, user);

        // Disposing releases the connection slot unless a running connection has taken it over.
        using var decision = await _manager.EvaluateHandshakeAsync(connectionRequest, token).ConfigureAwait(false);
        if (!decision.IsAccepted)
        {
            await RespondAsync(context.Response, decision.StatusCode, decision.Reason ?? "The upgrade is refused.", keepAlive: false).ConfigureAwait(false);
            return;
        }

        await RunWebSocketAsync(context, connectionRequest, decision).ConfigureAwait(false);
    }

    private async Task RunWebSocketAsync(HttpListenerContext context, ConnectionRequest request, HandshakeDecision decision)
    {
        WebSocket webSocket;
        try
        {
            var accepted = await context.AcceptWebSocketAsync(decision.SubProtocol, _options.KeepAliveInterval).ConfigureAwait(false);
            webSocket = accepted.WebSocket;
        }
        catch (WebSocketException exception)
        {
            // A malformed upgrade (no key, an unsupported version) fails before anything is sent.
            HttpListenerHostLog.UpgradeFailed(_logger, exception);
            await TryRespondAsync(context.Response, 400, "The WebSocket upgrade request is not valid.").ConfigureAwait(false);
            return;
        }
        catch (Exception exception) when (exception is HttpListenerException or IOException or ObjectDisposedException)
        {
            // The handshake may be half sent: nothing can be answered any more.
            HttpListenerHostLog.UpgradeFailed(_logger, exception);
            Abort(context.Response);
            return;
        }

        // Its abort closes the TCP connection, which the WebSocket does not own: a send to a client that stopped reading
        // cannot outlive it.
        var connection = new HttpListenerWebSocketConnection(webSocket, context.Response, request);
        try
        {
            await _manager.RunConnectionAsync(connection, decision, _shutdown.Token).ConfigureAwait(false);
        }
        finally
        {
            // The TCP connection must never go back to HTTP keep-alive.
            connection.Abort();
        }
    }

    private async Task RespondAsync(HttpListenerResponse response, int statusCode, string text, bool keepAlive)
    {
        var body = Encoding.UTF8.GetBytes(text);
        response.StatusCode = statusCode;
        response.ContentType = "text/plain; charset=utf-8";
        response.ContentLength64 = body.Length;
        response.KeepAlive = keepAlive;
        await response.OutputStream.WriteAsync(body, _shutdown.Token).ConfigureAwait(false);
        response.Close();
    }

    private async Task TryRespondAsync(HttpListenerResponse response, int statusCode, string text)
    {
        try
        {
            await RespondAsync(response, statusCode, text, keepAlive: false).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is HttpListenerException or IOException or ObjectDisposedException or InvalidOperationException or OperationCanceledException)
        {
            Abort(response);
        }
    }

    private static void Abort(HttpListenerResponse response)
    {
        try
        {
            response.Abort();
        }
        catch (Exception exception) when (exception is ObjectDisposedException or HttpListenerException or InvalidOperationException)
        {
            // Already closed.
        }
    }
}
