using Microsoft.Extensions.DependencyInjection;
using ProjectSockets.AspNetCore.Tests.Testing;
using ProjectSockets.Specification.Tests;

namespace ProjectSockets.AspNetCore.Tests;

/// <summary>The whole wire protocol, against Kestrel with <c>app.MapProjectSockets()</c>.</summary>
public sealed class AspNetCoreProtocolConformanceTests : ProtocolConformanceTests
{
    protected override async Task<IProtocolTestHost> StartHostAsync(
        Action<ProjectSocketsOptions> configure,
        Action<IProjectSocketsBuilder> build,
        Action<IServiceCollection> services)
        => await KestrelHost.StartAsync(configure, build, builder => services(builder.Services));
}
