using Microsoft.Extensions.DependencyInjection;

namespace ProjectSockets;

internal sealed class ProjectSocketsBuilder(IServiceCollection services) : IProjectSocketsBuilder
{
    public IServiceCollection Services { get; } = services;
}
