using Microsoft.Extensions.DependencyInjection;
using ProjectSockets.Specification.Tests;

namespace ProjectSockets.HttpListener.Tests;

/// <summary>The whole wire protocol, against the HttpListener host.</summary>
public sealed class HttpListenerProtocolConformanceTests : ProtocolConformanceTests
{
    protected override async Task<IProtocolTestHost> StartHostAsync(
        Action<ProjectSocketsOptions> configure,
        Action<IProjectSocketsBuilder> build,
        Action<IServiceCollection> services)
        => await HttpListenerTestHost.StartAsync(configure, build, services);
}
