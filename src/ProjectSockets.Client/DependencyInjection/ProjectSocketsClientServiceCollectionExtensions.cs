using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ProjectSockets.Client;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers a <see cref="ProjectSocketsClient"/> in a service collection.</summary>
public static class ProjectSocketsClientServiceCollectionExtensions
{
    /// <summary>
    /// Adds one <see cref="ProjectSocketsClient"/> singleton, configured by <paramref name="configure"/> after the
    /// defaults and validated at start-up. The client uses the container's <see cref="ILoggerFactory"/> and
    /// <see cref="TimeProvider"/> when registered. The application calls <see cref="ProjectSocketsClient.ConnectAsync"/>;
    /// the container disposes the client. Safe to call more than once.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Sets the URL and other settings.</param>
    /// <returns>The options builder, for more configuration.</returns>
    public static OptionsBuilder<ProjectSocketsClientOptions> AddProjectSocketsClient(this IServiceCollection services, Action<ProjectSocketsClientOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var builder = services.AddOptions<ProjectSocketsClientOptions>().ValidateOnStart();
        if (configure is not null)
        {
            builder.Configure(configure);
        }

        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ProjectSocketsClientOptions>, ProjectSocketsClientOptionsValidator>());
        services.TryAddSingleton(static sp => new ProjectSocketsClient(
            sp.GetRequiredService<IOptions<ProjectSocketsClientOptions>>().Value,
            sp.GetService<ILoggerFactory>(),
            sp.GetService<TimeProvider>()));
        return builder;
    }
}
