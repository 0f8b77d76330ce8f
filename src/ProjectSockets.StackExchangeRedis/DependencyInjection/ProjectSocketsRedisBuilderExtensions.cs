using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using ProjectSockets;
using ProjectSockets.StackExchangeRedis;
using StackExchange.Redis;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Scales ProjectSockets out over Redis.</summary>
public static class ProjectSocketsRedisBuilderExtensions
{
    /// <summary>
    /// Replaces the event store, the command outcome store and the control bus with ones on Redis: every node that
    /// uses the same Redis and <see cref="ProjectSocketsRedisOptions.KeyPrefix"/> shares each project's sequence,
    /// history and events, a client resumes on any node, a command retried at another node runs at most once, and
    /// <see cref="IProjectSocketsControl"/> reaches connections on every node. Options are validated at start-up.
    /// </summary>
    /// <param name="builder">The builder from <c>AddProjectSockets</c>.</param>
    /// <param name="configuration">A StackExchange.Redis configuration string, for example <c>localhost:6379</c>.</param>
    /// <param name="configure">Applies the host's settings after the defaults.</param>
    /// <returns>The builder.</returns>
    public static IProjectSocketsBuilder AddStackExchangeRedis(this IProjectSocketsBuilder builder, string configuration, Action<ProjectSocketsRedisOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrWhiteSpace(configuration);
        return Add(builder, options =>
        {
            options.ConnectionFactory = null;
            options.Configuration = ConfigurationOptions.Parse(configuration);
            options.Configuration.BacklogPolicy = BacklogPolicy.FailFast;
            if (!configuration.Contains("abortConnect", StringComparison.OrdinalIgnoreCase))
            {
                options.Configuration.AbortOnConnectFail = false;
            }
        }, configure);
    }

    /// <summary>
    /// Replaces the event store with one on Redis, over a connection the host made (and disposes). Give it
    /// <see cref="BacklogPolicy.FailFast"/> so that a publish while Redis is unreachable throws at once.
    /// </summary>
    /// <param name="builder">The builder from <c>AddProjectSockets</c>.</param>
    /// <param name="connection">The connection.</param>
    /// <param name="configure">Applies the host's settings after the defaults.</param>
    /// <returns>The builder.</returns>
    public static IProjectSocketsBuilder AddStackExchangeRedis(this IProjectSocketsBuilder builder, IConnectionMultiplexer connection, Action<ProjectSocketsRedisOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(connection);
        return AddStackExchangeRedis(builder, _ => connection, configure);
    }

    /// <summary>
    /// Replaces the event store with one on Redis, over a connection the host provides (and disposes), for example
    /// one registered in the container: <c>AddStackExchangeRedis(sp => sp.GetRequiredService&lt;IConnectionMultiplexer&gt;())</c>.
    /// </summary>
    /// <param name="builder">The builder from <c>AddProjectSockets</c>.</param>
    /// <param name="connectionFactory">Returns the connection; called once, on first use.</param>
    /// <param name="configure">Applies the host's settings after the defaults.</param>
    /// <returns>The builder.</returns>
    public static IProjectSocketsBuilder AddStackExchangeRedis(this IProjectSocketsBuilder builder, Func<IServiceProvider, IConnectionMultiplexer> connectionFactory, Action<ProjectSocketsRedisOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(connectionFactory);
        return Add(builder, options => options.ConnectionFactory = connectionFactory, configure);
    }

    private static IProjectSocketsBuilder Add(IProjectSocketsBuilder builder, Action<ProjectSocketsRedisOptions> defaults, Action<ProjectSocketsRedisOptions>? configure)
    {
        var services = builder.Services;
        services.AddOptions<ProjectSocketsRedisOptions>().Configure(defaults).ValidateOnStart();
        if (configure is not null)
        {
            services.Configure(configure);
        }

        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ProjectSocketsRedisOptions>, ProjectSocketsRedisOptionsValidator>());
        services.TryAddSingleton<RedisConnectionSource>();
        services.TryAddSingleton<RedisStoreMetrics>();
        services.RemoveAll<IProjectEventStore>();
        services.AddSingleton<IProjectEventStore, RedisProjectEventStore>();
        services.RemoveAll<ICommandOutcomeStore>();
        services.AddSingleton<ICommandOutcomeStore, RedisCommandOutcomeStore>();
        services.RemoveAll<IControlBus>();
        services.AddSingleton<IControlBus, RedisControlBus>();
        services.RemoveAll<IPresenceStore>();
        services.AddSingleton<IPresenceStore, RedisPresenceStore>();
        return builder;
    }
}
