using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.DependencyInjection;

namespace ProjectSockets.Client.Tests.Testing;

/// <summary>
/// A standalone <see cref="ProjectSocketsHttpListenerHost"/> on 127.0.0.1. HttpListener cannot bind port 0: the port
/// comes from a <see cref="TcpListener"/> on port 0, and another is tried when it is taken meanwhile.
/// </summary>
internal sealed class HttpListenerTestHost(ProjectSocketsHttpListenerHost host, int port) : ITestHost
{
    public int Port { get; } = port;

    public IServiceProvider Services => host.Services;

    public static async Task<ITestHost> StartAsync(Action<ProjectSocketsOptions>? configure, Action<IProjectSocketsBuilder>? build, Action<IServiceCollection> services)
    {
        for (var attempt = 1; ; attempt++)
        {
            var port = FreePort();
            var collection = new ServiceCollection();
            var builder = collection.AddProjectSockets(configure);
            build?.Invoke(builder);
            builder.AddHttpListenerHost(o => o.Prefixes.Add($"http://127.0.0.1:{port}/"));
            services(collection);
            var listenerHost = builder.BuildHttpListenerHost();
            try
            {
                await listenerHost.StartAsync();
                return new HttpListenerTestHost(listenerHost, port);
            }
            catch (HttpListenerException) when (attempt < 20)
            {
                await listenerHost.DisposeAsync();
            }
        }
    }

    public ValueTask DisposeAsync() => host.DisposeAsync();

    private static int FreePort()
    {
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        try
        {
            return ((IPEndPoint)probe.LocalEndpoint).Port;
        }
        finally
        {
            probe.Stop();
        }
    }
}
