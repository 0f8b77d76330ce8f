using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using ProjectSockets;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Adds the <see cref="System.Net.HttpListener"/> host to ProjectSockets.</summary>
public static class ProjectSocketsHttpListenerBuilderExtensions
{
    /// <summary>
    /// Registers the HttpListener host as an <see cref="IHostedService"/> (and as
    /// <see cref="ProjectSocketsHttpListenerHost"/>). A generic host starts and stops it; without one, use
    /// <see cref="BuildHttpListenerHost"/>. Safe to call more than once; options are validated at start-up.
    /// </summary>
    /// <param name="builder">The builder <c>AddProjectSockets</c> returned.</param>
    /// <param name="configure">Applies the host's settings, for example <c>o => o.Prefixes.Add("http://127.0.0.1:5181/")</c>.</param>
    /// <returns>The builder.</returns>
    public static IProjectSocketsBuilder AddHttpListenerHost(this IProjectSocketsBuilder builder, Action<HttpListenerHostOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        services.AddOptions<HttpListenerHostOptions>().ValidateOnStart();
        if (configure is not null)
        {
            services.Configure(configure);
        }

        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<HttpListenerHostOptions>, HttpListenerHostOptionsValidator>());
        services.TryAddSingleton(static provider => new ProjectSocketsHttpListenerHost(provider));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, ProjectSocketsHttpListenerHost>(
            static provider => provider.GetRequiredService<ProjectSocketsHttpListenerHost>()));
        return builder;
    }

    /// <summary>
    /// Builds the services registered so far and returns a standalone host over them, for applications without a
    /// generic host. The host owns those services: disposing it stops it and disposes them.
    /// </summary>
    /// <param name="builder">The builder, after <see cref="AddHttpListenerHost"/>.</param>
    /// <returns>A host that is not started yet.</returns>
    public static ProjectSocketsHttpListenerHost BuildHttpListenerHost(this IProjectSocketsBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var provider = builder.Services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
        try
        {
            return new ProjectSocketsHttpListenerHost(provider, ownsServices: true);
        }
        catch
        {
            provider.Dispose();
            throw;
        }
    }
}
