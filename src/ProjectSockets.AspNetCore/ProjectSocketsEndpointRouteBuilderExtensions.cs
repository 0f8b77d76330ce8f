using System.Diagnostics.CodeAnalysis;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.WebSockets;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using ProjectSockets;
using ProjectSockets.AspNetCore;

namespace Microsoft.AspNetCore.Builder;

/// <summary>Maps the ProjectSockets WebSocket endpoint into an ASP.NET Core application.</summary>
public static class ProjectSocketsEndpointRouteBuilderExtensions
{
    /// <summary>
    /// The default route pattern: <c>/ws/{projectId}</c> for a project, and <c>/ws</c> for no project.
    /// </summary>
    public const string DefaultPattern = "/ws/{projectId?}";

    /// <summary>The name of the route value that carries the project id.</summary>
    public const string ProjectRouteValue = "projectId";

    /// <summary>
    /// Maps the ProjectSockets endpoint at <see cref="DefaultPattern"/>: <c>/ws/{projectId}</c> connects to a project,
    /// <c>/ws</c> connects with no project.
    /// </summary>
    /// <param name="endpoints">The endpoint route builder, usually the <c>WebApplication</c>.</param>
    /// <returns>A builder to add conventions to the endpoint: <c>RequireAuthorization</c>, <c>RequireCors</c>,
    /// <c>RequireRateLimiting</c>, endpoint filters, metadata.</returns>
    /// <remarks><inheritdoc cref="MapProjectSockets(IEndpointRouteBuilder, string)" path="/remarks"/></remarks>
    /// <exception cref="InvalidOperationException"><c>services.AddProjectSockets()</c> was not called.</exception>
    public static IEndpointConventionBuilder MapProjectSockets(this IEndpointRouteBuilder endpoints)
        => MapProjectSockets(endpoints, DefaultPattern);

    /// <summary>Maps the ProjectSockets endpoint at <paramref name="pattern"/>.</summary>
    /// <param name="endpoints">The endpoint route builder, usually the <c>WebApplication</c>.</param>
    /// <param name="pattern">
    /// The route pattern. The route value named <c>projectId</c> is the project to connect to; make it optional
    /// (<c>{projectId?}</c>) to also accept connections with no project, or leave it out to accept only those.
    /// </param>
    /// <returns>A builder to add conventions to the endpoint: <c>RequireAuthorization</c>, <c>RequireCors</c>,
    /// <c>RequireRateLimiting</c>, endpoint filters, metadata.</returns>
    /// <remarks>
    /// <para>
    /// A request that is not a WebSocket upgrade is answered with 400. For an upgrade request the core decides
    /// before the upgrade (origin, route project, query, subprotocol, authorizer, connection limit); a refusal is a
    /// plain HTTP response with the status and a short text reason, never an upgrade.
    /// </para>
    /// <para>
    /// WebSocket-level keep-alive pings are disabled on accepted sockets: the protocol's own heartbeat
    /// (<see cref="ProjectSocketsOptions.Heartbeat"/>) finds dead connections. <c>app.UseWebSockets()</c> is not
    /// needed; the endpoint brings its own.
    /// </para>
    /// <para>
    /// When the application stops (<see cref="IHostApplicationLifetime.ApplicationStopping"/>), every connection is
    /// sent <c>disconnected</c> and closed with 1001 before the server stops, bounded by
    /// <see cref="ProjectSocketsOptions.ShutdownTimeout"/>.
    /// </para>
    /// </remarks>
    /// <exception cref="InvalidOperationException"><c>services.AddProjectSockets()</c> was not called.</exception>
    public static IEndpointConventionBuilder MapProjectSockets(this IEndpointRouteBuilder endpoints, [StringSyntax("Route")] string pattern)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        ArgumentException.ThrowIfNullOrWhiteSpace(pattern);

        var services = endpoints.ServiceProvider;
        var manager = services.GetService<IWebSocketManager>()
            ?? throw new InvalidOperationException(
                "ProjectSockets services are not registered: call builder.Services.AddProjectSockets(...) before app.MapProjectSockets().");
        var logger = services.GetService<ILoggerFactory>()?.CreateLogger("ProjectSockets.AspNetCore")
            ?? Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance;

        if (services.GetService<IHostApplicationLifetime>() is { } lifetime)
        {
            ProjectSocketsShutdown.Register(lifetime, manager, logger);
        }

        var endpoint = new ProjectSocketsEndpoint(manager, logger);

        // The endpoint brings its own WebSocket middleware, so the app need not call UseWebSockets(); the protocol's
        // heartbeat replaces WebSocket keep-alive pings.
        var pipeline = endpoints.CreateApplicationBuilder();
        pipeline.Use(TransportUpgradeFeature.WrapAsync);
        pipeline.UseWebSockets(new WebSocketOptions { KeepAliveInterval = TimeSpan.Zero });
        pipeline.Run(endpoint.HandleAsync);

        return endpoints.Map(pattern, pipeline.Build())
            .WithDisplayName($"ProjectSockets {pattern}");
    }
}
