namespace ProjectSockets.AspNetCore.Tests.Testing;

/// <summary>Refuses one project, for subscribing and for commands; allows everything else.</summary>
internal sealed class DenyProjectAuthorizer(string deniedProject) : IProjectAuthorizer
{
    public ValueTask<bool> CanSubscribeAsync(ConnectionRequest request, string project, CancellationToken cancellationToken = default)
        => ValueTask.FromResult(project != deniedProject);

    public ValueTask<bool> CanInvokeAsync(ConnectionRequest request, string command, string? project, CancellationToken cancellationToken = default)
        => ValueTask.FromResult(project != deniedProject);
}
