namespace ProjectSockets;

/// <summary>Decides whether a connection may subscribe to a project and whether it may run a command there.</summary>
public interface IProjectAuthorizer
{
    /// <summary>Returns whether the connection may subscribe to <paramref name="project"/> (also asked for the route project at connect).</summary>
    /// <param name="request">What the host learned at the handshake, including the user.</param>
    /// <param name="project">The project.</param>
    /// <param name="cancellationToken">Cancels the check.</param>
    /// <returns><see langword="true"/> to allow.</returns>
    ValueTask<bool> CanSubscribeAsync(ConnectionRequest request, string project, CancellationToken cancellationToken = default);

    /// <summary>Returns whether the connection may run <paramref name="command"/>.</summary>
    /// <param name="request">What the host learned at the handshake, including the user.</param>
    /// <param name="command">The command name.</param>
    /// <param name="project">The project the command is about, or <see langword="null"/>.</param>
    /// <param name="cancellationToken">Cancels the check.</param>
    /// <returns><see langword="true"/> to allow.</returns>
    ValueTask<bool> CanInvokeAsync(ConnectionRequest request, string command, string? project, CancellationToken cancellationToken = default);
}
