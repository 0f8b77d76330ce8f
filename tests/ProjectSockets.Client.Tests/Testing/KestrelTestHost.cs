using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ProjectSockets.Client.Tests.Testing;

/// <summary>ASP.NET Core on Kestrel at 127.0.0.1, port 0, serving <c>app.MapProjectSockets()</c>.</summary>
internal sealed class KestrelTestHost(WebApplication app, int port) : ITestHost
{
    public int Port { get; } = port;

    public IServiceProvider Services => app.Services;

    public static async Task<ITestHost> StartAsync(Action<ProjectSocketsOptions>? configure, Action<IProjectSocketsBuilder>? build, Action<IServiceCollection> services)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var sockets = builder.Services.AddProjectSockets(configure);
        build?.Invoke(sockets);
        services(builder.Services);
        var app = builder.Build();
        app.MapProjectSockets();
        try
        {
            using var timeout = new CancellationTokenSource(ClientProbe.Timeout);
            await app.StartAsync(timeout.Token);
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }

        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single();
        return new KestrelTestHost(app, new Uri(address).Port);
    }

    public async ValueTask DisposeAsync()
    {
        using (var timeout = new CancellationTokenSource(ClientProbe.Timeout))
        {
            await app.StopAsync(timeout.Token);
        }

        await app.DisposeAsync();
    }
}
