namespace ProjectSockets;

/// <summary>
/// Matches a raw request target against <c>{PathPrefix}</c> and <c>{PathPrefix}/{projectId}</c>. The project segment
/// is taken from the raw target and percent-decoded exactly once, so an encoded <c>/</c> stays inside the segment
/// (and makes an invalid project) instead of creating a new one.
/// </summary>
internal static class HttpListenerRoute
{
    /// <summary>Matches <paramref name="rawTarget"/> (for example <c>/ws/p1?events=task_*</c>).</summary>
    /// <param name="rawTarget">The request target exactly as the client sent it.</param>
    /// <param name="pathPrefix">The endpoint's path, for example <c>/ws</c>.</param>
    /// <returns>The match; <see cref="RouteMatch.IsEndpoint"/> is false for any other path.</returns>
    public static RouteMatch Match(string rawTarget, string pathPrefix)
    {
        ArgumentNullException.ThrowIfNull(rawTarget);
        ArgumentNullException.ThrowIfNull(pathPrefix);

        var target = rawTarget.AsSpan();
        var queryStart = target.IndexOfAny('?', '#');
        var path = queryStart < 0 ? target : target[..queryStart];
        var query = queryStart >= 0 && target[queryStart] == '?' ? StripFragment(rawTarget[queryStart..]) : null;
        path = StripAuthority(path);

        var basePath = pathPrefix.AsSpan().TrimEnd('/');
        if (!path.StartsWith(basePath, StringComparison.OrdinalIgnoreCase))
        {
            return RouteMatch.NotFound;
        }

        var rest = path[basePath.Length..];
        if (rest.IsEmpty || rest is "/")
        {
            return new RouteMatch(true, null, query);
        }

        if (rest[0] != '/')
        {
            return RouteMatch.NotFound;
        }

        // One segment, with at most a trailing slash, as routing frameworks accept it.
        var segment = rest[1..];
        if (segment.EndsWith('/'))
        {
            segment = segment[..^1];
        }

        if (segment.IsEmpty || segment.Contains('/'))
        {
            return RouteMatch.NotFound;
        }

        return new RouteMatch(true, Uri.UnescapeDataString(segment.ToString()), query);
    }

    /// <summary>A proxy-style absolute target (<c>http://host/ws/p1</c>) keeps only its path.</summary>
    private static ReadOnlySpan<char> StripAuthority(ReadOnlySpan<char> path)
    {
        if (path.StartsWith("/", StringComparison.Ordinal))
        {
            return path;
        }

        var schemeEnd = path.IndexOf("://", StringComparison.Ordinal);
        if (schemeEnd < 0)
        {
            return path;
        }

        var afterAuthority = path[(schemeEnd + 3)..];
        var slash = afterAuthority.IndexOf('/');
        return slash < 0 ? "/" : afterAuthority[slash..];
    }

    private static string StripFragment(string query)
    {
        var fragment = query.IndexOf('#', StringComparison.Ordinal);
        return fragment < 0 ? query : query[..fragment];
    }
}
