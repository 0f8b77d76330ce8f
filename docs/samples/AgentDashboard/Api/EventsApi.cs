using AgentDashboard.Authorization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using ProjectSockets;

namespace AgentDashboard.Api;

/// <summary>
/// <c>POST /api/projects/{projectId}/events</c>: lets an HTTP client that holds the publish key (or a private
/// project's token) publish an event to a project. Bodies are capped, and each client address is rate-limited. An
/// <c>Idempotency-Key</c> header makes a retry safe: the same key within the window answers the first publish's seq
/// and publishes nothing. <c>GET /api/projects/{projectId}/events?since=N&amp;limit=M</c> reads the project's history
/// (the library's history endpoint), with the same token rule as the WebSocket for private projects.
/// </summary>
internal static class EventsApi
{
    /// <summary>The rate-limiter policy of the endpoint (see <see cref="PublishProtection"/>).</summary>
    public const string RateLimitPolicy = "publish";

    /// <summary>The route of both the POST and the GET.</summary>
    public const string Route = "/api/projects/{projectId}/events";

    /// <summary>The header that carries a publish id.</summary>
    public const string IdempotencyKeyHeader = "Idempotency-Key";

    public static IEndpointConventionBuilder MapEventsApi(this IEndpointRouteBuilder endpoints)
    {
        // Reading is the library's endpoint: the TokenProjectAuthorizer answers 403 for a wrong token, and this filter
        // answers 401 first when a private project is asked for with no token at all.
        endpoints.MapProjectSocketsHistory(Route).AddEndpointFilter(async (context, next) =>
        {
            var http = context.HttpContext;
            var project = http.GetRouteValue("projectId") as string;
            var tokens = http.RequestServices.GetRequiredService<ProjectTokens>();
            if (project is not null && !tokens.IsAllowed(project, null)
                && string.IsNullOrEmpty(ProjectTokens.ReadToken(http.Request.Query["access_token"], http.Request.Headers.Authorization)))
            {
                http.Response.Headers.WWWAuthenticate = "Bearer realm=\"AgentDashboard\"";
                return Problem(StatusCodes.Status401Unauthorized, "Unauthorized", "This project is private: send its token as 'Authorization: Bearer <token>' or '?access_token='.");
            }

            return await next(context);
        });

        // The cap applies while the body is read, before it is bound: a larger body gets 413 whatever its content.
        var options = endpoints.ServiceProvider.GetRequiredService<IOptions<SampleOptions>>();
        return endpoints.MapPost(Route, PublishAsync)
            .WithMetadata(new PublishBodyLimit(options))
            .RequireRateLimiting(RateLimitPolicy);
    }

    private static async Task<Results<Accepted<PublishEventResponse>, ProblemHttpResult>> PublishAsync(
        string projectId,
        PublishEventRequest? body,
        HttpContext context,
        ProjectTokens tokens,
        IProjectEventPublisher publisher,
        CancellationToken cancellationToken)
    {
        if (!ProtocolNames.IsValidProject(projectId))
        {
            return Problem(StatusCodes.Status400BadRequest, "Invalid project id", "A project id is 1 to 128 of A-Z a-z 0-9 . _ : -, not '.' or '..'.");
        }

        var request = context.Request;
        var token = ProjectTokens.ReadToken(request.Query["access_token"], request.Headers.Authorization);
        if (string.IsNullOrEmpty(token))
        {
            context.Response.Headers.WWWAuthenticate = "Bearer realm=\"AgentDashboard\"";
            return Problem(StatusCodes.Status401Unauthorized, "Unauthorized",
                "Publishing needs 'Authorization: Bearer <key>': the publish key (Sample:PublishKey) or a private project's token.");
        }

        if (!tokens.CanPublish(projectId, token))
        {
            return Problem(StatusCodes.Status403Forbidden, "Forbidden", "This key or token does not allow publishing to this project.");
        }

        if (body?.Event is not { } eventName || !ProtocolNames.IsValidName(eventName))
        {
            return Problem(StatusCodes.Status400BadRequest, "Invalid event name", "'event' is required: 1 to 64 of A-Z a-z 0-9 . _ : -.");
        }

        PublishOptions? options = null;
        if (request.Headers.TryGetValue(IdempotencyKeyHeader, out var keys))
        {
            if (keys.Count != 1 || !PublishOptions.IsValidIdempotencyKey(keys[0]))
            {
                return Problem(StatusCodes.Status400BadRequest, "Invalid Idempotency-Key", "'Idempotency-Key' must be given once, as 1 to 128 printable ASCII characters.");
            }

            options = new PublishOptions { IdempotencyKey = keys[0] };
        }

        try
        {
            var result = await publisher.PublishAsync(projectId, eventName, body.Data, options, cancellationToken);
            return TypedResults.Accepted((string?)null, new PublishEventResponse(result.Project, result.Seq, result.Epoch, result.Duplicate));
        }
        catch (ArgumentException exception) when (exception.ParamName == "data")
        {
            // The server's largest event (ProjectSocketsOptions.MaxEventBytes) is smaller than this event: nothing was stored.
            return Problem(StatusCodes.Status413PayloadTooLarge, "Event too large", "The event is larger than this server accepts; nothing was published.");
        }
    }

    private static ProblemHttpResult Problem(int status, string title, string detail)
        => TypedResults.Problem(statusCode: status, title: title, detail: detail);
}
