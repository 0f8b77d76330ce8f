using System.Net.WebSockets;

namespace ProjectSockets.Client.Internal;

/// <summary>Opens a <see cref="ClientWebSocket"/> and turns a refused upgrade into its HTTP status.</summary>
internal static class DefaultWebSocketFactory
{
    public static async Task<WebSocket> ConnectAsync(WebSocketConnectRequest request, CancellationToken cancellationToken)
    {
        var socket = new ClientWebSocket();
        try
        {
            socket.Options.AddSubProtocol(request.SubProtocol);
            socket.Options.CollectHttpResponseDetails = true;
            foreach (var (name, value) in request.Headers)
            {
                socket.Options.SetRequestHeader(name, value);
            }

            request.Configure?.Invoke(socket.Options);
            await socket.ConnectAsync(request.Uri, cancellationToken).ConfigureAwait(false);
            return socket;
        }
        catch (WebSocketException exception)
        {
            var status = (int)socket.HttpStatusCode;
            socket.Dispose();
            throw new ProjectSocketsConnectionException(
                status is 0 or 101 ? "The WebSocket connection could not be opened." : $"The server refused the upgrade with HTTP {status}.",
                exception)
            {
                StatusCode = status is 0 or 101 ? null : status,
            };
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}
