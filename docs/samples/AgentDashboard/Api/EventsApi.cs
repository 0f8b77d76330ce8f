using AgentDashboard.Authorization;
using Microsoft.AspNetCore.Http.HttpResults;
using ProjectSockets;

namespace AgentDashboard.Api;

/// <summary><c>POST /api/projects/{projectId}/events</c>: lets any HTTP client publish an event to a project.</summary>
internal static class EventsApi
{
    public static IEndpointConventionBuilder MapEventsApi(this IEndpointRouteBuilder endpoints)
        => endpoints.MapPost("/api/projects/{projectId}/events", PublishAsync);

    private static async Task<Results<Accepted<PublishEventResponse>, ProblemHttpResult>> PublishAsync(
        string projectId,
        PublishEventRequest? body,
        HttpRequest request,
        ProjectTokens tokens,
        IProjectEventPublisher publisher,
        CancellationToken cancellationToken)
    {
        if (!ProtocolNames.IsValidProject(projectId))
        {
            return BadRequest("Invalid project id", "A project id is 1 to 128 of A-Z a-z 0-9 . _ : -, not '.' or '..'.");
        }

        if (body?.Event is not { } eventName || !ProtocolNames.IsValidName(eventName))
        {
            return BadRequest("Invalid event name", "'event' is required: 1 to 64 of A-Z a-z 0-9 . _ : -.");
        }

        var token = ProjectTokens.ReadToken(request.Query["access_token"], request.Headers.Authorization);
        if (!tokens.IsAllowed(projectId, token))
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Forbidden",
                detail: "This project is private: present its token.");
        }

        var result = await publisher.PublishAsync(projectId, eventName, body.Data, cancellationToken);
        return TypedResults.Accepted((string?)null, new PublishEventResponse(result.Project, result.Seq, result.Epoch));
    }

    private static ProblemHttpResult BadRequest(string title, string detail)
        => TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: title, detail: detail);
}
