using System.Net.WebSockets;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ProjectSockets.Specification.Tests;

namespace ProjectSockets.HttpListener.Tests.DependencyInjection;

public sealed class ProjectSocketsHttpListenerBuilderExtensionsTests
{
    [Fact]
    public async Task AddHttpListenerHost_InGenericHost_StartsWithItAndClosesClientsWith1001WhenItStops()
    {
        using var app = await FreeTcpPort.StartOnFreePortAsync(async port =>
        {
            var builder = Host.CreateApplicationBuilder();
            builder.Logging.ClearProviders();
            builder.Services.AddProjectSockets().AddHttpListenerHost(o => o.Prefixes.Add($"http://127.0.0.1:{port}/"));
            var built = builder.Build();
            try
            {
                await built.StartAsync();
            }
            catch
            {
                built.Dispose();
                throw;
            }

            return built;
        });
        var listener = app.Services.GetRequiredService<ProjectSocketsHttpListenerHost>();
        using var client = await ProtocolTestClient.ConnectAsync(new Uri(listener.WebSocketUrls[0] + "/p1"));

        var stop = app.StopAsync();
        var closed = await client.ReceiveUntilClosedAsync();
        await stop.WaitAsync(ProtocolTestClient.Timeout);

        Assert.Equal(WebSocketCloseStatus.EndpointUnavailable, closed.CloseStatus);
        Assert.Equal(1001, closed.Disconnected?.GetProperty("code").GetInt32());
        Assert.False(listener.IsListening);
    }

    [Fact]
    public async Task AddHttpListenerHost_WithInvalidOptions_FailsTheGenericHostAtStart()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        builder.Services.AddProjectSockets().AddHttpListenerHost(o => o.PathPrefix = "no-slash");
        using var app = builder.Build();

        var exception = await Assert.ThrowsAsync<OptionsValidationException>(() => app.StartAsync());

        Assert.Contains("PathPrefix", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AddHttpListenerHost_CalledTwice_RegistersOneHostedService()
    {
        var services = new ServiceCollection();
        var builder = services.AddProjectSockets();

        builder.AddHttpListenerHost(o => o.Prefixes.Add("http://127.0.0.1:5181/")).AddHttpListenerHost();

        Assert.Single(services, d => d.ServiceType == typeof(IHostedService));
        Assert.Single(services, d => d.ServiceType == typeof(ProjectSocketsHttpListenerHost));
    }

    [Fact]
    public void AddHttpListenerHost_ResolvedAsHostedService_IsTheSameInstanceAsTheHost()
    {
        var services = new ServiceCollection();
        services.AddProjectSockets().AddHttpListenerHost(o => o.Prefixes.Add("http://127.0.0.1:5181/"));
        using var provider = services.BuildServiceProvider();

        Assert.Same(provider.GetRequiredService<ProjectSocketsHttpListenerHost>(), Assert.Single(provider.GetServices<IHostedService>()));
    }
}
