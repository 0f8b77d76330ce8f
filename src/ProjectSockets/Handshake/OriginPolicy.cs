namespace ProjectSockets;

/// <summary>
/// The origin rule: with no allow-list, no <c>Origin</c> header or the same host and port as <c>Host</c>; with one,
/// an exact (ordinal) match after normalising the default port.
/// </summary>
internal static class OriginPolicy
{
    public static bool IsAllowed(ConnectionRequest request, IList<string> allowedOrigins)
    {
        if (request.Origin is null)
        {
            return true;
        }

        if (!TryParse(request.Origin, out var originUri, out var origin))
        {
            return false;
        }

        if (allowedOrigins.Count > 0)
        {
            foreach (var allowed in allowedOrigins)
            {
                if (TryNormalize(allowed, out var normalized) && string.Equals(normalized, origin, StringComparison.Ordinal))
                {
                    return true;
                }
            }

            return false;
        }

        if (string.IsNullOrEmpty(request.Host)
            || !Uri.TryCreate($"{request.Scheme}://{request.Host}", UriKind.Absolute, out var host))
        {
            return false;
        }

        return string.Equals(originUri.IdnHost, host.IdnHost, StringComparison.OrdinalIgnoreCase) && originUri.Port == host.Port;
    }

    /// <summary>Normalises an origin to <c>scheme://host:port</c>; false for <c>null</c> or anything unparseable.</summary>
    public static bool TryNormalize(string origin, out string normalized) => TryParse(origin, out _, out normalized);

    private static bool TryParse(string origin, out Uri uri, out string normalized)
    {
        normalized = string.Empty;
        if (!Uri.TryCreate(origin, UriKind.Absolute, out uri!)
            || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps)
            || uri.AbsolutePath != "/" || uri.Query.Length > 0 || uri.Fragment.Length > 0 || uri.UserInfo.Length > 0)
        {
            return false;
        }

        // IdnHost drops the brackets of an IPv6 address; put them back so the result is an origin again.
        var hostName = uri.HostNameType == UriHostNameType.IPv6 ? $"[{uri.IdnHost}]" : uri.IdnHost;
        normalized = $"{uri.Scheme}://{hostName}:{uri.Port}";
        return true;
    }
}
