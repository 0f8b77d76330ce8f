using Microsoft.Extensions.Logging;

namespace ProjectSockets;

/// <summary>
/// Decides whether a WebSocket upgrade is accepted: shutdown, origin, subprotocol, route project and its query
/// (events, since, epoch), the authorizer, and the connection limit. It first asks the <see cref="IUserIdProvider"/>
/// for the request's user id. An accepted decision holds one admission.
/// </summary>
internal sealed class HandshakeEvaluator(ProjectSocketsOptions options, IProjectAuthorizer authorizer, IUserIdProvider users, ConnectionRegistry registry, ILogger logger)
{
    /// <summary>The subprotocol of this protocol version.</summary>
    public const string SubProtocol = "projectsockets.v1";

    public async ValueTask<HandshakeDecision> EvaluateAsync(ConnectionRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);

        // Before anything else: the authorizer (here and later) sees the user id.
        request.ResolveUserId(users);
        if (registry.IsShuttingDown)
        {
            return Refuse(503, "The server is shutting down.");
        }

        if (!OriginPolicy.IsAllowed(request, options.AllowedOrigins))
        {
            return Refuse(403, "The origin is not allowed.");
        }

        string? subProtocol = null;
        if (request.SubProtocols.Count > 0)
        {
            if (!request.SubProtocols.Contains(SubProtocol, StringComparer.Ordinal))
            {
                return Refuse(400, $"The only supported subprotocol is {SubProtocol}.");
            }

            subProtocol = SubProtocol;
        }

        if (request.RouteProject is { } project && !ProtocolNames.IsValidProject(project))
        {
            return Refuse(400, "The route project breaks the naming rules.");
        }

        var (route, problem) = ReadRouteSubscription(request);
        if (problem is not null)
        {
            return Refuse(400, problem);
        }

        if (route is not null && !await authorizer.CanSubscribeAsync(request, route.Project, cancellationToken).ConfigureAwait(false))
        {
            return Refuse(403, "Not allowed to subscribe to this project.");
        }

        if (!registry.TryAdmit(options.MaxConnections))
        {
            return Refuse(503, "The connection limit is reached.");
        }

        return new HandshakeDecision(101, null, subProtocol, route, registry.Release);
    }

    private HandshakeDecision Refuse(int status, string reason)
    {
        ProjectSocketsLog.HandshakeRefused(logger, status, reason);
        return new HandshakeDecision(status, reason, null, null, null);
    }

    /// <summary>Reads <c>events</c>, <c>since</c> and <c>epoch</c>: they mean what the same subscribe arguments mean.</summary>
    private static (RouteSubscription? Route, string? Problem) ReadRouteSubscription(ConnectionRequest request)
    {
        string? events = null, since = null, epoch = null;
        foreach (var (name, value) in QueryParameters.Parse(request.QueryString))
        {
            switch (name)
            {
                case "events" when events is null:
                    events = value;
                    break;
                case "since" when since is null:
                    since = value;
                    break;
                case "epoch" when epoch is null:
                    epoch = value;
                    break;
                case "events" or "since" or "epoch":
                    return (null, $"Query parameter '{name}' is given more than once.");
            }
        }

        if (request.RouteProject is null)
        {
            return events is null && since is null && epoch is null
                ? (null, null)
                : (null, "Query parameters events, since and epoch need a route project.");
        }

        var filter = EventFilter.All;
        if (events is not null)
        {
            var patterns = events.Split(',');
            if (patterns.Length > EventFilter.MaxPatterns)
            {
                return (null, $"At most {EventFilter.MaxPatterns} event patterns are allowed.");
            }

            if (!patterns.All(p => EventFilter.IsValidPattern(p)))
            {
                return (null, "An event pattern breaks the naming rules.");
            }

            filter = EventFilter.Create(patterns);
        }

        long? sinceValue = null;
        if (since is not null)
        {
            if (!long.TryParse(since, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var parsed))
            {
                return (null, "Query parameter 'since' must be a non-negative integer.");
            }

            sinceValue = parsed;
        }

        return (new RouteSubscription(request.RouteProject, filter, sinceValue, epoch), null);
    }
}
