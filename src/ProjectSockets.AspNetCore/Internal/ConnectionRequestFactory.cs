using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
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
            // The server has percent-decoded the path once; routing does not decode again.
            RouteProject = context.GetRouteValue(ProjectSocketsEndpointRouteBuilderExtensions.ProjectRouteValue) as string,
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
