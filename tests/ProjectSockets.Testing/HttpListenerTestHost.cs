using Microsoft.Extensions.DependencyInjection;

namespace ProjectSockets.Testing;

/// <summary>A standalone <see cref="ProjectSocketsHttpListenerHost"/> on a free port of 127.0.0.1, for the conformance suites.</summary>
public sealed class HttpListenerTestHost : IProtocolTestHost
{
    private HttpListenerTestHost(ProjectSocketsHttpListenerHost host, int port)
    {
        Host = host;
        WebSocketBase = new Uri($"ws://127.0.0.1:{port}/");
    }

    public ProjectSocketsHttpListenerHost Host { get; }

    public Uri WebSocketBase { get; }

    /// <summary>Gets the port the host listens on.</summary>
    public int Port => WebSocketBase.Port;

    public IServiceProvider Services => Host.Services;

    public static Task<HttpListenerTestHost> StartAsync(
        Action<ProjectSocketsOptions>? configure = null,
        Action<IProjectSocketsBuilder>? build = null,
        Action<IServiceCollection>? services = null,
        Action<HttpListenerHostOptions>? listener = null)
        => FreeTcpPort.StartOnFreePortAsync(async port =>
        {
            var collection = new ServiceCollection();
            collection.AddLogging();
            var builder = collection.AddProjectSockets(configure);
            build?.Invoke(builder);
            builder.AddHttpListenerHost(o =>
            {
                o.Prefixes.Add($"http://127.0.0.1:{port}/");
                listener?.Invoke(o);
            });
            services?.Invoke(collection);
            var host = builder.BuildHttpListenerHost(static s => s.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true }));
            try
            {
                await host.StartAsync();
            }
            catch
            {
                await host.DisposeAsync();
                throw;
            }

            return new HttpListenerTestHost(host, port);
        });

    public Uri UrlOf(string pathAndQuery) => new(WebSocketBase.GetLeftPart(UriPartial.Authority) + pathAndQuery);

    public Task StopAsync() => Host.StopAsync();

    public ValueTask DisposeAsync() => Host.DisposeAsync();
}
