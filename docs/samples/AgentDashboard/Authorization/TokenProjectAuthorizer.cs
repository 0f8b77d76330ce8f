using ProjectSockets;

namespace AgentDashboard.Authorization;

/// <summary>
/// The sample's <see cref="IProjectAuthorizer"/>: a private project needs its token to connect to it, subscribe to it
/// or run a command on it; every other project is open to everyone.
/// </summary>
internal sealed class TokenProjectAuthorizer(ProjectTokens tokens) : IProjectAuthorizer
{
    public ValueTask<bool> CanSubscribeAsync(ConnectionRequest request, string project, CancellationToken cancellationToken = default)
        => ValueTask.FromResult(tokens.IsAllowed(project, ReadToken(request)));

    public ValueTask<bool> CanInvokeAsync(ConnectionRequest request, string command, string? project, CancellationToken cancellationToken = default)
        => ValueTask.FromResult(project is null || tokens.IsAllowed(project, ReadToken(request)));

    private static string? ReadToken(ConnectionRequest request)
        => ProjectTokens.ReadToken(
            request.GetQueryValue("access_token"),
            request.Headers.TryGetValue("Authorization", out var header) ? header : null);
}
