using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace ProjectSockets.Specification.Tests;

/// <summary>
/// A raw TCP client that completes the WebSocket upgrade, reads the <c>welcome</c> and then never reads again, as a
/// stalled or hostile peer does. Its receive buffer is small, so the server's sends soon stop completing.
/// </summary>
public sealed class NonReadingClient : IDisposable
{
    private const int ReceiveBufferBytes = 4096;
    private readonly Socket _socket;

    private NonReadingClient(Socket socket, string connectionId)
    {
        _socket = socket;
        ConnectionId = connectionId;
    }

    /// <summary>Gets the connection id the server announced in <c>welcome</c>.</summary>
    public string ConnectionId { get; }

    /// <summary>Upgrades <paramref name="webSocketUri"/> and reads the <c>welcome</c>, and nothing after it.</summary>
    /// <param name="webSocketUri">The <c>ws://</c> URL.</param>
    /// <returns>The connected client.</returns>
    public static async Task<NonReadingClient> ConnectAsync(Uri webSocketUri)
    {
        ArgumentNullException.ThrowIfNull(webSocketUri);
        using var timeout = new CancellationTokenSource(ProtocolTestClient.Timeout);
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { ReceiveBufferSize = ReceiveBufferBytes };
        try
        {
            await socket.ConnectAsync(webSocketUri.Host, webSocketUri.Port, timeout.Token);
            var request = $"GET {webSocketUri.PathAndQuery} HTTP/1.1\r\nHost: {webSocketUri.Authority}\r\nConnection: Upgrade\r\n" +
                $"Upgrade: websocket\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: {Convert.ToBase64String(RandomNumberGenerator.GetBytes(16))}\r\n\r\n";
            await socket.SendAsync(Encoding.ASCII.GetBytes(request), SocketFlags.None, timeout.Token);

            var head = await ReadHeadAsync(socket, timeout.Token);
            Assert.StartsWith("HTTP/1.1 101", head, StringComparison.Ordinal);
            var welcome = JsonDocument.Parse(await ReadFirstMessageAsync(socket, timeout.Token)).RootElement;
            Assert.Equal("welcome", welcome.GetProperty("type").GetString());
            return new NonReadingClient(socket, welcome.GetProperty("connectionId").GetString()!);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Starts reading again and reads everything until the server ends the TCP connection (end of stream or reset).
    /// </summary>
    /// <returns>A task that completes when the server has closed the connection.</returns>
    public async Task ReadUntilServerClosesAsync()
    {
        var buffer = new byte[64 * 1024];
        try
        {
            while (await _socket.ReceiveAsync(buffer, SocketFlags.None) > 0)
            {
            }
        }
        catch (SocketException)
        {
            // A reset is the server closing too.
        }
    }

    /// <summary>Closes the socket.</summary>
    public void Dispose() => _socket.Dispose();

    /// <summary>Reads the response head byte by byte, so that nothing after it is consumed.</summary>
    private static async Task<string> ReadHeadAsync(Socket socket, CancellationToken cancellationToken)
    {
        var head = new StringBuilder();
        var one = new byte[1];
        while (!head.ToString().EndsWith("\r\n\r\n", StringComparison.Ordinal))
        {
            await ReadExactlyAsync(socket, one, cancellationToken);
            head.Append((char)one[0]);
        }

        return head.ToString();
    }

    /// <summary>Reads the first WebSocket message (a server's frames are unmasked) and returns its first protocol message.</summary>
    private static async Task<string> ReadFirstMessageAsync(Socket socket, CancellationToken cancellationToken)
    {
        var header = new byte[2];
        await ReadExactlyAsync(socket, header, cancellationToken);
        Assert.Equal(0x81, header[0]);
        long length = header[1] & 0x7F;
        if (length == 126)
        {
            var extended = new byte[2];
            await ReadExactlyAsync(socket, extended, cancellationToken);
            length = (extended[0] << 8) | extended[1];
        }

        Assert.True(length < 126 * 1024, "The welcome is small.");
        var payload = new byte[length];
        await ReadExactlyAsync(socket, payload, cancellationToken);
        return Encoding.UTF8.GetString(payload).Split('\n')[0];
    }

    private static async Task ReadExactlyAsync(Socket socket, byte[] buffer, CancellationToken cancellationToken)
    {
        var read = 0;
        while (read < buffer.Length)
        {
            var count = await socket.ReceiveAsync(buffer.AsMemory(read), SocketFlags.None, cancellationToken);
            Assert.True(count > 0, "The server closed the connection during the upgrade.");
            read += count;
        }
    }
}
