using System.Net.WebSockets;
using System.Text;
using ProjectSockets.Client.Internal;

namespace ProjectSockets.Client.Tests.Testing;

/// <summary>The server end of one scripted connection.</summary>
internal sealed class ScriptedConnection(WebSocket socket, WebSocketConnectRequest request)
{
    public WebSocket Socket { get; } = socket;

    public WebSocketConnectRequest Request { get; } = request;

    public Task SendAsync(string json) => Socket.SendAsync(Encoding.UTF8.GetBytes(json), WebSocketMessageType.Text, true, CancellationToken.None);

    /// <summary>Reads the next text message, or <see langword="null"/> once the client closed or the connection broke.</summary>
    public async Task<string?> ReceiveAsync()
    {
        var buffer = new byte[64 * 1024];
        try
        {
            var result = await Socket.ReceiveAsync(buffer, CancellationToken.None).WaitAsync(ScriptedServer.Timeout);
            return result.MessageType == WebSocketMessageType.Close ? null : Encoding.UTF8.GetString(buffer, 0, result.Count);
        }
        catch (WebSocketException)
        {
            return null;
        }
    }
}
