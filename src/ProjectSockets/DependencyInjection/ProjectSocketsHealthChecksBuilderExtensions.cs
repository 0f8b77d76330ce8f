using Microsoft.Extensions.DependencyInjection.Extensions;
using ProjectSockets;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers ProjectSockets' health checks with <c>Microsoft.Extensions.Diagnostics.HealthChecks</c>.</summary>
public static class ProjectSocketsHealthChecksBuilderExtensions
{
    /// <summary>The name of the node's check: accepting connections, at its limit, or shutting down.</summary>
    public const string NodeCheckName = "projectsockets";

    /// <summary>The name of the event store's check (the Redis store: connectivity and the state of its feeds).</summary>
    public const string StoreCheckName = "projectsockets.store";

    /// <summary>
    /// Adds two health checks: <see cref="NodeCheckName"/> (unhealthy once the node shuts down, degraded at its
    /// connection limit) and <see cref="StoreCheckName"/> (the event store's own answer). The host maps them as usual,
    /// for example <c>app.MapHealthChecks("/health")</c>. Safe to call more than once.
    /// </summary>
    /// <param name="builder">The builder from <c>AddProjectSockets</c>.</param>
    /// <param name="tags">Tags given to both checks, to select them in a health-check endpoint (<c>ready</c>, for example).</param>
    /// <returns>The builder.</returns>
    public static IProjectSocketsBuilder AddHealthChecks(this IProjectSocketsBuilder builder, params string[] tags)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(tags);

        // Health checks refuse two registrations under one name: register once.
        if (builder.Services.Any(static d => d.ServiceType == typeof(NodeHealthCheck)))
        {
            return builder;
        }

        builder.Services.TryAddSingleton<NodeHealthCheck>();
        builder.Services.TryAddSingleton<StoreHealthCheck>();
        string[] allTags = ["projectsockets", .. tags];
        builder.Services.AddHealthChecks()
            .AddCheck<NodeHealthCheck>(NodeCheckName, failureStatus: null, tags: allTags)
            .AddCheck<StoreHealthCheck>(StoreCheckName, failureStatus: null, tags: allTags);
        return builder;
    }
}
