using System.Net;
using System.Security.Claims;

namespace ProjectSockets;

/// <summary>
/// What a host adapter learned from the upgrade request: the route project, the query, the origin, the user.
/// </summary>
public sealed class ConnectionRequest
{
    private static readonly IReadOnlyDictionary<string, string> s_noHeaders =
        new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);

    /// <summary>Gets the project named in the route (percent-decoded once), or <see langword="null"/> for <c>/ws</c>.</summary>
    public string? RouteProject { get; init; }

    /// <summary>Gets the raw query string of the upgrade request, with or without its leading <c>?</c>.</summary>
    /// <remarks>It may carry credentials such as <c>access_token</c>; it is never logged.</remarks>
    public string? QueryString { get; init; }

    /// <summary>Gets the value of the <c>Origin</c> header, or <see langword="null"/> when there was none.</summary>
    public string? Origin { get; init; }

    /// <summary>Gets the value of the <c>Host</c> header.</summary>
    public string? Host { get; init; }

    /// <summary>Gets the scheme the request arrived on (<c>http</c> or <c>https</c>).</summary>
    /// <value>Default is <c>http</c>.</value>
    public string Scheme { get; init; } = "http";

    /// <summary>Gets the subprotocols the client offered, in its order.</summary>
    public IReadOnlyList<string> SubProtocols { get; init; } = [];

    /// <summary>Gets the authenticated user, or an anonymous principal.</summary>
    public ClaimsPrincipal User { get; init; } = new(new ClaimsIdentity());

    /// <summary>
    /// Gets the id of the connection's user, as the <see cref="IUserIdProvider"/> answered at the handshake (before
    /// the authorizer is asked), or <see langword="null"/> for an anonymous connection or before the handshake.
    /// </summary>
    public string? UserId { get; internal set; }

    /// <summary>Gets whether the manager has asked the <see cref="IUserIdProvider"/> for this request.</summary>
    internal bool UserIdResolved { get; private set; }

    /// <summary>Asks the provider for the user id once; later calls keep the first answer.</summary>
    internal void ResolveUserId(IUserIdProvider provider)
    {
        if (!UserIdResolved)
        {
            UserId = provider.GetUserId(this);
            UserIdResolved = true;
        }
    }

    /// <summary>A copy of this request with the user of a refresh, its user id asked of <paramref name="provider"/>.</summary>
    internal ConnectionRequest WithUser(ClaimsPrincipal user, IUserIdProvider provider)
    {
        var copy = new ConnectionRequest
        {
            RouteProject = RouteProject,
            QueryString = QueryString,
            Origin = Origin,
            Host = Host,
            Scheme = Scheme,
            SubProtocols = SubProtocols,
            User = user,
            RemoteEndPoint = RemoteEndPoint,
            Headers = Headers,
        };
        copy.ResolveUserId(provider);
        return copy;
    }

    /// <summary>Gets the remote end point of the connection, when the host knows it.</summary>
    public EndPoint? RemoteEndPoint { get; init; }

    /// <summary>Gets the request headers (case-insensitive names; repeated headers joined by commas).</summary>
    public IReadOnlyDictionary<string, string> Headers { get; init; } = s_noHeaders;

    /// <summary>Gets the first value of a query parameter, percent-decoded, or <see langword="null"/>.</summary>
    /// <param name="name">The parameter name, compared ordinally.</param>
    /// <returns>The value, or <see langword="null"/> when the parameter is absent.</returns>
    public string? GetQueryValue(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        foreach (var (key, value) in QueryParameters.Parse(QueryString))
        {
            if (string.Equals(key, name, StringComparison.Ordinal))
            {
                return value;
            }
        }

        return null;
    }
}
