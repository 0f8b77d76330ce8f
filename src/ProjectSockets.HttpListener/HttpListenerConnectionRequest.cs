using System.Net;
using System.Security.Claims;
using System.Security.Principal;

namespace ProjectSockets;

/// <summary>Builds the core's <see cref="ConnectionRequest"/> from an <see cref="HttpListenerRequest"/>.</summary>
internal static class HttpListenerConnectionRequest
{
    private const string SubProtocolHeader = "Sec-WebSocket-Protocol";

    public static ConnectionRequest Create(HttpListenerRequest request, RouteMatch route, ClaimsPrincipal user)
    {
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var name in request.Headers.AllKeys)
        {
            // The collection already joins repeated headers with commas.
            if (name is not null && request.Headers[name] is { } value)
            {
                headers[name] = value;
            }
        }

        return new ConnectionRequest
        {
            RouteProject = route.Project,
            QueryString = route.QueryString,
            Origin = request.Headers["Origin"],
            Host = request.Headers["Host"],
            Scheme = request.IsSecureConnection ? "https" : "http",
            SubProtocols = ReadSubProtocols(request.Headers[SubProtocolHeader]),
            User = user,
            RemoteEndPoint = RemoteEndPointOf(request),
            Headers = headers,
        };
    }

    /// <summary>The user <see cref="HttpListener"/> authenticated, as a claims principal; anonymous when none.</summary>
    public static ClaimsPrincipal ToClaimsPrincipal(IPrincipal? user) => user switch
    {
        ClaimsPrincipal claims => claims,
        { Identity: { } identity } => new ClaimsPrincipal(identity),
        _ => new ClaimsPrincipal(new ClaimsIdentity()),
    };

    /// <summary>
    /// The client's address, or <see langword="null"/> once the listener has closed the connection under the request
    /// (the managed listener then throws <see cref="NullReferenceException"/> from <see cref="HttpListenerRequest.RemoteEndPoint"/>).
    /// </summary>
    private static IPEndPoint? RemoteEndPointOf(HttpListenerRequest request)
    {
        try
        {
            return request.RemoteEndPoint;
        }
        catch (Exception exception) when (exception is NullReferenceException or ObjectDisposedException)
        {
            return null;
        }
    }

    private static string[] ReadSubProtocols(string? header)
        => string.IsNullOrWhiteSpace(header)
            ? []
            : header.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
}
