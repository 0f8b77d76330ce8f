using System.Net.WebSockets;

namespace ProjectSockets.Client.Internal;

/// <summary>What one connection attempt asks of the <see cref="WebSocketFactory"/>.</summary>
/// <param name="Uri">The URL, with the client's query parameters added.</param>
/// <param name="Headers">The request headers, the <c>Authorization</c> header included.</param>
/// <param name="SubProtocol">The subprotocol to offer.</param>
/// <param name="Configure">The application's adjustments of the socket options.</param>
internal sealed record WebSocketConnectRequest(
    Uri Uri,
    IReadOnlyDictionary<string, string> Headers,
    string SubProtocol,
    Action<ClientWebSocketOptions>? Configure);
