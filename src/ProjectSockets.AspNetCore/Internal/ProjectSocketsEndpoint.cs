using System.Net.WebSockets;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Logging;

namespace ProjectSockets.AspNetCore;

/// <summary>
/// The request handler behind <c>MapProjectSockets</c>: asks the core about the upgrade, then accepts the WebSocket
/// and hands it to the manager. Every protocol rule lives in the core; this class only translates HTTP.
/// </summary>
internal sealed class ProjectSocketsEndpoint(IWebSocketManager manager, ILogger logger)
{
    private const string NotAWebSocketRequest = "This endpoint accepts WebSocket upgrade requests only.";

    public async Task HandleAsync(HttpContext context)
    {
        if (!context.WebSockets.IsWebSocketRequest)
        {
            ProjectSocketsAspNetCoreLog.NotAWebSocketRequest(logger, context.Request.Method);
            await WritePlainTextAsync(context, StatusCodes.Status400BadRequest, NotAWebSocketRequest).ConfigureAwait(false);
            return;
        }

        var request = ConnectionRequestFactory.Create(context);

        // Disposing releases the connection slot when the upgrade does not happen; once the connection runs, the
        // manager owns the slot and disposing is a no-op.
        using var decision = await manager.EvaluateHandshakeAsync(request, context.RequestAborted).ConfigureAwait(false);
        if (!decision.IsAccepted)
        {
            await WritePlainTextAsync(context, decision.StatusCode, decision.Reason ?? string.Empty).ConfigureAwait(false);
            return;
        }

        // Not disposed: with keep-alive off it holds nothing that the end of the request does not release, and
        // disposing one that failed the connection itself (ReceivedMessageType.Rejected) makes the WebSocket
        // middleware abort the request, so Kestrel drops the close frame still queued for the client. The core
        // aborts the connections that need it.
        var webSocket = await context.WebSockets.AcceptWebSocketAsync(new WebSocketAcceptContext
        {
            SubProtocol = decision.SubProtocol,

            // The protocol has its own heartbeat; WebSocket ping frames would only add traffic.
            KeepAliveInterval = TimeSpan.Zero,
        }).ConfigureAwait(false);

        // HTTP/1.1 upgrades went through TransportUpgradeFeature; HTTP/2's extended CONNECT did not.
        var transport = (context.Features.Get<IHttpUpgradeFeature>() as TransportUpgradeFeature)?.Transport;
        await manager.RunConnectionAsync(new WebSocketConnection(webSocket, request, transport), decision, context.RequestAborted).ConfigureAwait(false);
    }

    private static Task WritePlainTextAsync(HttpContext context, int statusCode, string text)
    {
        context.Response.StatusCode = statusCode;
        context.Response.ContentType = "text/plain; charset=utf-8";
        return context.Response.WriteAsync(text, context.RequestAborted);
    }
}
