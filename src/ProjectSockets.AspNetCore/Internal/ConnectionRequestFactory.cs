using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Routing;

namespace ProjectSockets.AspNetCore;

/// <summary>Copies what the core needs from an upgrade request into a <see cref="ConnectionRequest"/>.</summary>
internal static class ConnectionRequestFactory
{
    public static ConnectionRequest Create(HttpContext context)
    {
        var request = context.Request;
        var connection = context.Connection;
        return new ConnectionRequest
        {
            RouteProject = ReadRouteProject(context),
            QueryString = request.QueryString.HasValue ? request.QueryString.Value : null,

            // Repeated Origin headers are joined with commas, which the core refuses as unparseable.
            Origin = request.Headers.Origin.Count > 0 ? request.Headers.Origin.ToString() : null,
            Host = request.Host.HasValue ? request.Host.Value : null,
            Scheme = request.Scheme,
            SubProtocols = [.. context.WebSockets.WebSocketRequestedProtocols],
            User = context.User,
            RemoteEndPoint = connection.RemoteIpAddress is { } address ? new IPEndPoint(address, connection.RemotePort) : null,
            Headers = CopyHeaders(request.Headers),
        };
    }

    /// <summary>
    /// Reads the route project. The server has percent-decoded the path once and routing does not decode again, but
    /// the server has also removed dot segments: <c>/ws/.</c> or <c>/ws/p1/..</c> arrives as <c>/ws/</c>. The project
    /// the client named is then a dot segment, which is what the core is given (and refuses with 400).
    /// </summary>
    private static string? ReadRouteProject(HttpContext context)
    {
        var rawTarget = context.Features.Get<IHttpRequestFeature>()?.RawTarget;
        if (rawTarget is not null
            && (rawTarget.Contains('.', StringComparison.Ordinal) || rawTarget.Contains("%2e", StringComparison.OrdinalIgnoreCase)))
        {
            var path = rawTarget.AsSpan();
            var query = path.IndexOf('?');
            if (query >= 0)
            {
                path = path[..query];
            }

            foreach (var range in path.Split('/'))
            {
                var segment = Uri.UnescapeDataString(path[range]);
                if (segment is "." or "..")
                {
                    return segment;
                }
            }
        }

        return context.GetRouteValue(ProjectSocketsEndpointRouteBuilderExtensions.ProjectRouteValue) as string;
    }

    /// <summary>
    /// Copies the headers: command handlers and the authorizer may read them after the request's own header
    /// collection has been recycled.
    /// </summary>
    private static Dictionary<string, string> CopyHeaders(IHeaderDictionary headers)
    {
        var copy = new Dictionary<string, string>(headers.Count, StringComparer.OrdinalIgnoreCase);
        foreach (var (name, values) in headers)
        {
            copy[name] = values.Count == 1 ? values[0] ?? string.Empty : string.Join(',', values.ToArray());
        }

        return copy;
    }
}
