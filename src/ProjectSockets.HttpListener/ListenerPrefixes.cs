namespace ProjectSockets;

/// <summary>Reads <see cref="System.Net.HttpListener"/> prefixes, whose host may be the wildcards <c>+</c> or <c>*</c>.</summary>
internal static class ListenerPrefixes
{
    private const string WildcardHost = "localhost";

    /// <summary>Parses a prefix; a wildcard host reads as <c>localhost</c>.</summary>
    public static bool TryParse(string? prefix, out Uri uri)
    {
        uri = null!;
        if (string.IsNullOrEmpty(prefix) || !prefix.EndsWith('/'))
        {
            return false;
        }

        var schemeEnd = prefix.IndexOf("://", StringComparison.Ordinal);
        if (schemeEnd < 0)
        {
            return false;
        }

        var hostStart = schemeEnd + 3;
        var text = prefix.AsSpan(hostStart) is ['+' or '*', ..]
            ? string.Concat(prefix.AsSpan(0, hostStart), WildcardHost, prefix.AsSpan(hostStart + 1))
            : prefix;
        if (!Uri.TryCreate(text, UriKind.Absolute, out var parsed)
            || (parsed.Scheme != Uri.UriSchemeHttp && parsed.Scheme != Uri.UriSchemeHttps)
            || parsed.Query.Length > 0 || parsed.Fragment.Length > 0 || parsed.UserInfo.Length > 0)
        {
            return false;
        }

        uri = parsed;
        return true;
    }

    /// <summary>The WebSocket URL of the endpoint behind a prefix: <c>ws://host:port/ws</c>.</summary>
    public static Uri ToWebSocketUrl(string prefix, string pathPrefix)
    {
        if (!TryParse(prefix, out var uri))
        {
            throw new ArgumentException($"'{prefix}' is not a valid listener prefix.", nameof(prefix));
        }

        var scheme = uri.Scheme == Uri.UriSchemeHttps ? "wss" : "ws";
        return new Uri($"{scheme}://{uri.Authority}{pathPrefix}");
    }
}
