using System.Net.Sockets;
using System.Text;

namespace ProjectSockets.Specification.Tests;

/// <summary>Sends an HTTP request exactly as written over a TCP connection and reads the response's status.</summary>
public static class RawHttpRequest
{
    /// <summary>Sends <paramref name="request"/> to the host of <paramref name="uri"/> and returns the response's status code.</summary>
    /// <param name="uri">Any URL of the server (only its host and port are used).</param>
    /// <param name="request">The whole request: request line, headers and the empty line (and a body, if any).</param>
    /// <returns>The status code of the response's status line.</returns>
    public static async Task<int> SendAsync(Uri uri, string request)
    {
        ArgumentNullException.ThrowIfNull(uri);
        ArgumentNullException.ThrowIfNull(request);
        using var timeout = new CancellationTokenSource(ProtocolTestClient.Timeout);
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(uri.Host, uri.Port, timeout.Token);
        var stream = tcp.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes(request), timeout.Token);

        // "HTTP/1.1 400 ": the status line's start is all that is needed.
        var buffer = new byte[12];
        await stream.ReadExactlyAsync(buffer, timeout.Token);
        return int.Parse(Encoding.ASCII.GetString(buffer, 9, 3), System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>Builds a WebSocket upgrade request with <paramref name="method"/> for <paramref name="uri"/>.</summary>
    /// <param name="uri">The <c>ws://</c> URL.</param>
    /// <param name="method">The request method.</param>
    /// <param name="extraHeaders">More header lines, each ending with <c>\r\n</c>.</param>
    /// <returns>The request text.</returns>
    public static string Upgrade(Uri uri, string method, string extraHeaders = "")
    {
        ArgumentNullException.ThrowIfNull(uri);
        return $"{method} {uri.PathAndQuery} HTTP/1.1\r\nHost: {uri.Authority}\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n" +
            $"Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n{extraHeaders}\r\n";
    }
}
