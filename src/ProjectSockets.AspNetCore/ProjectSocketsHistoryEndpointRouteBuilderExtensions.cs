using System.Diagnostics.CodeAnalysis;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using ProjectSockets;
using ProjectSockets.AspNetCore;

namespace Microsoft.AspNetCore.Builder;

/// <summary>Maps the opt-in HTTP history endpoint of ProjectSockets.</summary>
public static class ProjectSocketsHistoryEndpointRouteBuilderExtensions
{
    /// <summary>The default route pattern of the history endpoint.</summary>
    public const string DefaultHistoryPattern = "/ws-history/{projectId}";

    /// <summary>
    /// Maps <c>GET</c> at <paramref name="pattern"/> to a read of the route project's history (the
    /// <see cref="IProjectHistory"/>): query <c>since</c>, <c>epoch</c> (needs <c>since</c>) and <c>limit</c>
    /// (1 to 1,000, default 100), each at most once. The <see cref="IProjectAuthorizer"/> is asked
    /// <see cref="IProjectAuthorizer.CanSubscribeAsync"/> with the request, exactly as for a WebSocket subscribe.
    /// </summary>
    /// <param name="endpoints">The endpoint route builder, usually the <c>WebApplication</c>.</param>
    /// <param name="pattern">The route pattern; its <c>projectId</c> route value names the project.</param>
    /// <returns>A builder for conventions: <c>RequireAuthorization</c>, <c>RequireCors</c>, <c>RequireRateLimiting</c>, endpoint filters.</returns>
    /// <remarks>
    /// Answers: 200 with <c>{"project","seq","epoch","complete","more","events":[…]}</c>, the events being the
    /// <c>event</c> messages subscribers receive; 400 (problem details) for a bad project id or query; 403 when the
    /// authorizer refuses; 503 when the authorizer or the event store fails. Nothing is mapped unless this is called.
    /// </remarks>
    /// <exception cref="InvalidOperationException"><c>services.AddProjectSockets()</c> was not called.</exception>
    public static IEndpointConventionBuilder MapProjectSocketsHistory(this IEndpointRouteBuilder endpoints, [StringSyntax("Route")] string pattern = DefaultHistoryPattern)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        ArgumentException.ThrowIfNullOrWhiteSpace(pattern);

        var services = endpoints.ServiceProvider;
        var history = services.GetService<IProjectHistory>()
            ?? throw new InvalidOperationException(
                "ProjectSockets services are not registered: call builder.Services.AddProjectSockets(...) before app.MapProjectSocketsHistory().");
        var logger = services.GetService<ILoggerFactory>()?.CreateLogger("ProjectSockets.AspNetCore")
            ?? Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance;
        var endpoint = new ProjectSocketsHistoryEndpoint(history, services.GetRequiredService<IProjectAuthorizer>(), logger);
        return endpoints.MapGet(pattern, (HttpContext context) => endpoint.HandleAsync(context))
            .WithDisplayName($"ProjectSockets history {pattern}");
    }
}
