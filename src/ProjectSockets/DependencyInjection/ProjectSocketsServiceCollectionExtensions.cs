using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using ProjectSockets;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers ProjectSockets in a service collection.</summary>
public static class ProjectSocketsServiceCollectionExtensions
{
    /// <summary>
    /// Adds the ProjectSockets core: the connection manager, the event publisher, the in-memory event store, the
    /// command registry, an allow-all authorizer (replace it by registering an <see cref="IProjectAuthorizer"/>) and the
    /// <see cref="ClaimsUserIdProvider"/> (replace it by registering an <see cref="IUserIdProvider"/>).
    /// Safe to call more than once; options are validated at start-up.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Applies the host's settings after the defaults.</param>
    /// <returns>A builder for commands, adapters and backplanes.</returns>
    public static IProjectSocketsBuilder AddProjectSockets(this IServiceCollection services, Action<ProjectSocketsOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);

        // ValidateOnStart adds a registration on every call; once is enough.
        if (!services.Any(static d => d.ServiceType == typeof(WebSocketManager)))
        {
            services.AddOptions<ProjectSocketsOptions>().ValidateOnStart();
            services.AddOptions<CommandRegistryOptions>().ValidateOnStart();
        }

        if (configure is not null)
        {
            services.Configure(configure);
        }

        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ProjectSocketsOptions>, ProjectSocketsOptionsValidator>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<CommandRegistryOptions>, CommandRegistryValidator>());
        services.TryAddSingleton(TimeProvider.System);

        // The meter comes from the container's IMeterFactory (every generic host and WebApplication has one), so each
        // container has its own; without one, ProjectSocketsMetrics makes and owns its meter.
        services.TryAddSingleton<ProjectSocketsMetrics>();
        services.TryAddSingleton<IProjectEventStore, InMemoryProjectEventStore>();
        services.TryAddSingleton<IProjectAuthorizer, AllowAllProjectAuthorizer>();
        services.TryAddSingleton<ICommandOutcomeStore, InMemoryCommandOutcomeStore>();
        services.TryAddSingleton<IUserIdProvider, ClaimsUserIdProvider>();
        services.TryAddSingleton<IPresenceStore, InMemoryProjectPresence>();
        services.TryAddSingleton<IProjectPresence>(static sp => sp.GetRequiredService<IPresenceStore>());
        services.TryAddSingleton<CommandRegistry>();
        services.TryAddSingleton<WebSocketManager>();
        services.TryAddSingleton<IWebSocketManager>(static sp => sp.GetRequiredService<WebSocketManager>());
        services.TryAddSingleton<IProjectEventPublisher, DefaultProjectEventPublisher>();
        services.TryAddSingleton<IProjectHistory, DefaultProjectHistory>();
        services.TryAddSingleton<IControlBus, InMemoryControlBus>();
        services.TryAddSingleton<IConnectionCredentials, ClaimsConnectionCredentials>();
        services.TryAddSingleton<IProjectSocketsControl, DefaultProjectSocketsControl>();
        return new ProjectSocketsBuilder(services);
    }

    /// <summary>
    /// Adds the ProjectSockets core as <see cref="AddProjectSockets(IServiceCollection, Action{ProjectSocketsOptions}?)"/>
    /// does, with its options bound from configuration, for example
    /// <c>builder.Services.AddProjectSockets(builder.Configuration.GetSection("ProjectSockets"))</c>. Keys follow the
    /// option names (<c>History:MaxEvents</c>, <c>Heartbeat:Interval</c>, <c>AllowedOrigins:0</c>, …); a value that is
    /// out of range fails at start-up with a message that names its configuration key.
    /// <see cref="ProjectSocketsOptions.JsonSerializerOptions"/> is not read from configuration (converters and
    /// resolvers are code): set it in <paramref name="configure"/>. Binding uses generated code, so it is safe in
    /// trimmed and Native AOT apps.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configuration">The section that holds the settings (usually <c>ProjectSockets</c>).</param>
    /// <param name="configure">Applies further settings after the defaults and the configuration.</param>
    /// <returns>A builder for commands, adapters and backplanes.</returns>
    public static IProjectSocketsBuilder AddProjectSockets(this IServiceCollection services, IConfiguration configuration, Action<ProjectSocketsOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);

        // Bound by generated code, not reflection; reloads as services.Configure<T>(IConfiguration) would.
        services.AddOptions<ProjectSocketsOptions>().Configure(options => ProjectSocketsOptionsBinder.Bind(configuration, options));
        services.AddSingleton<IOptionsChangeTokenSource<ProjectSocketsOptions>>(new ConfigurationChangeTokenSource<ProjectSocketsOptions>(configuration));
        services.TryAddSingleton(new ProjectSocketsConfigurationPath(configuration is IConfigurationSection section ? section.Path : ""));
        return services.AddProjectSockets(configure);
    }
}
