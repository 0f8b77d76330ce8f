using System.Net;
using System.Security.Claims;

namespace ProjectSockets;

/// <summary>Settings of the <see cref="ProjectSocketsHttpListenerHost"/>: where it listens and how it authenticates.</summary>
public sealed class HttpListenerHostOptions
{
    /// <summary>
    /// Gets the <see cref="HttpListener"/> prefixes to listen on, for example <c>http://127.0.0.1:5181/</c> or
    /// <c>http://+:5181/</c>. Each must be an absolute <c>http</c> or <c>https</c> URL that ends with <c>/</c>
    /// and whose path covers <see cref="PathPrefix"/>.
    /// </summary>
    /// <value>Empty by default; at least one is required.</value>
    public IList<string> Prefixes { get; } = [];

    /// <summary>
    /// Gets or sets the request path the endpoint is served on: <c>{PathPrefix}</c> connects with no project,
    /// <c>{PathPrefix}/{projectId}</c> with a route project. Compared case-insensitively, like ASP.NET Core routes.
    /// </summary>
    /// <value>Default is <c>/ws</c>. Must start with <c>/</c> and must not end with <c>/</c> (except <c>/</c> itself).</value>
    public string PathPrefix { get; set; } = "/ws";

    /// <summary>Gets or sets the schemes <see cref="HttpListener"/> authenticates requests with.</summary>
    /// <value>Default is <see cref="AuthenticationSchemes.Anonymous"/>.</value>
    public AuthenticationSchemes AuthenticationSchemes { get; set; } = AuthenticationSchemes.Anonymous;

    /// <summary>
    /// Gets or sets the host's own authentication of upgrade requests (for example a bearer token in a header or in
    /// an <c>access_token</c> query parameter). It runs before the core decides the handshake; returning
    /// <see langword="null"/> refuses the upgrade with HTTP 401.
    /// </summary>
    /// <value>Default is <see langword="null"/>: the user is whoever <see cref="AuthenticationSchemes"/> established.</value>
    public Func<HttpListenerContext, CancellationToken, ValueTask<ClaimsPrincipal?>>? Authenticate { get; set; }

    /// <summary>
    /// Gets or sets how often the server sends WebSocket ping control frames. The protocol's own heartbeat already
    /// finds dead connections, so they are off unless a proxy in between needs them.
    /// </summary>
    /// <value>Default is <see cref="TimeSpan.Zero"/> (off). Must not be negative.</value>
    public TimeSpan KeepAliveInterval { get; set; } = TimeSpan.Zero;
}
