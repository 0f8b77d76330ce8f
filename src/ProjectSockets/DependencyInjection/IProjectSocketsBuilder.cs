using Microsoft.Extensions.DependencyInjection;

namespace ProjectSockets;

/// <summary>Returned by <c>AddProjectSockets</c>: commands, host adapters and backplanes hang off it.</summary>
public interface IProjectSocketsBuilder
{
    /// <summary>Gets the service collection ProjectSockets is registered in.</summary>
    IServiceCollection Services { get; }
}
