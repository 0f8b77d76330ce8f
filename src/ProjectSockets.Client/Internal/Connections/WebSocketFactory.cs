using System.Net.WebSockets;

namespace ProjectSockets.Client.Internal;

/// <summary>Opens one WebSocket for a connection attempt. The default uses <see cref="ClientWebSocket"/>.</summary>
/// <param name="request">Where to connect and what to send.</param>
/// <param name="cancellationToken">Ends the attempt.</param>
/// <returns>An open WebSocket.</returns>
/// <exception cref="ProjectSocketsConnectionException">The upgrade was refused (with its HTTP status) or failed.</exception>
internal delegate Task<WebSocket> WebSocketFactory(WebSocketConnectRequest request, CancellationToken cancellationToken);
