using System.Net;
using System.Security.Cryptography;

namespace ProjectSockets.Specification.Tests;

/// <summary>Sends a WebSocket upgrade request over plain <see cref="HttpClient"/> to read a refusal's status and body.</summary>
public static class HandshakeProbe
{
    /// <summary>Sends an upgrade request for <paramref name="webSocketUri"/>.</summary>
    /// <param name="webSocketUri">The <c>ws://</c> URL.</param>
    /// <param name="headers">Extra request headers, for example <c>Origin</c>.</param>
    /// <returns>The response's status, body and content type.</returns>
    public static async Task<(HttpStatusCode Status, string Body, string? ContentType)> SendUpgradeAsync(Uri webSocketUri, params (string Name, string Value)[] headers)
    {
        ArgumentNullException.ThrowIfNull(webSocketUri);
        ArgumentNullException.ThrowIfNull(headers);
        using var client = new HttpClient { Timeout = ProtocolTestClient.Timeout };
        using var request = new HttpRequestMessage(HttpMethod.Get, ToHttp(webSocketUri));
        request.Headers.TryAddWithoutValidation("Connection", "Upgrade");
        request.Headers.TryAddWithoutValidation("Upgrade", "websocket");
        request.Headers.TryAddWithoutValidation("Sec-WebSocket-Version", "13");
        request.Headers.TryAddWithoutValidation("Sec-WebSocket-Key", Convert.ToBase64String(RandomNumberGenerator.GetBytes(16)));
        foreach (var (name, value) in headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        using var response = await client.SendAsync(request, HttpCompletionOption.ResponseContentRead);
        var body = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, body, response.Content.Headers.ContentType?.MediaType);
    }

    /// <summary>Sends a plain GET (no upgrade) for a <c>ws://</c> URL.</summary>
    /// <param name="webSocketUri">The <c>ws://</c> URL.</param>
    /// <returns>The response's status and body.</returns>
    public static async Task<(HttpStatusCode Status, string Body)> GetAsync(Uri webSocketUri)
    {
        ArgumentNullException.ThrowIfNull(webSocketUri);
        using var client = new HttpClient { Timeout = ProtocolTestClient.Timeout };
        using var response = await client.GetAsync(ToHttp(webSocketUri));
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    /// <summary>Maps <c>ws://</c> to <c>http://</c> and <c>wss://</c> to <c>https://</c>, keeping the escaped path as is.</summary>
    /// <param name="webSocketUri">The WebSocket URL.</param>
    /// <returns>The HTTP URL.</returns>
    public static Uri ToHttp(Uri webSocketUri)
    {
        ArgumentNullException.ThrowIfNull(webSocketUri);
        var text = webSocketUri.OriginalString;
        return new Uri(text.StartsWith("wss:", StringComparison.OrdinalIgnoreCase) ? "https:" + text[4..]
            : text.StartsWith("ws:", StringComparison.OrdinalIgnoreCase) ? "http:" + text[3..]
            : text);
    }
}
