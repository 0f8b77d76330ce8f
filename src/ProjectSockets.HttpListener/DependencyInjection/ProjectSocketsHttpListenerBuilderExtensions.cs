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
    /// Builds the services registered so far with <paramref name="buildServiceProvider"/> and returns a standalone
    /// host over them, for applications without a generic host, for example
    /// <c>.BuildHttpListenerHost(services =&gt; services.BuildServiceProvider())</c>. The application chooses the
    /// container, so this package needs only the DI abstractions. The host owns the provider: disposing the host
    /// stops it and disposes the provider (when it is disposable).
    /// </summary>
    /// <param name="builder">The builder, after <see cref="AddHttpListenerHost"/>.</param>
    /// <param name="buildServiceProvider">Builds the container from the service collection.</param>
    /// <returns>A host that is not started yet.</returns>
    /// <exception cref="Options.OptionsValidationException">The host's or the core's options are invalid.</exception>
    public static ProjectSocketsHttpListenerHost BuildHttpListenerHost(this IProjectSocketsBuilder builder, Func<IServiceCollection, IServiceProvider> buildServiceProvider)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(buildServiceProvider);
        var provider = buildServiceProvider(builder.Services)
            ?? throw new InvalidOperationException("buildServiceProvider returned null.");
        try
        {
            return new ProjectSocketsHttpListenerHost(provider, ownsServices: true);
        }
        catch
        {
            (provider as IDisposable)?.Dispose();
            throw;
        }
    }
}
