using System.Net;
using System.Net.Sockets;
using System.Net.WebSockets;

namespace ProjectSockets.Tests.Testing;

/// <summary>
/// A server and a client .NET WebSocket over a loopback TCP connection: the real framing and its validation, without
/// an HTTP server or handshake.
/// </summary>
internal sealed class LoopbackWebSocketPair : IDisposable
{
    private LoopbackWebSocketPair(Socket server, Socket client)
    {
        Server = WebSocket.CreateFromStream(
            new NetworkStream(server, ownsSocket: true),
            new WebSocketCreationOptions { IsServer = true, KeepAliveInterval = TimeSpan.Zero });
        Client = WebSocket.CreateFromStream(
            new NetworkStream(client, ownsSocket: true),
            new WebSocketCreationOptions { KeepAliveInterval = TimeSpan.Zero });
    }

    public WebSocket Server { get; }

    public WebSocket Client { get; }

    public static async Task<LoopbackWebSocketPair> CreateAsync()
    {
        using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen(1);
        var client = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            var accept = listener.AcceptAsync();
            await client.ConnectAsync(listener.LocalEndPoint!);
            return new LoopbackWebSocketPair(await accept, client);
        }
        catch
        {
            client.Dispose();
            throw;
        }
    }

    public void Dispose()
    {
        Server.Dispose();
        Client.Dispose();
    }
}
