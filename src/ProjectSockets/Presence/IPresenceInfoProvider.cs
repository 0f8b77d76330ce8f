namespace ProjectSockets;

/// <summary>
/// Adds host-supplied information to a presence member (a display name, a role): asked once when the connection
/// joins a project's presence; the answer is serialized with <see cref="ProjectSocketsOptions.JsonSerializerOptions"/>
/// and shown to everyone allowed to see the project's presence. Optional: without one, members carry no
/// <c>info</c>.
/// </summary>
public interface IPresenceInfoProvider
{
    /// <summary>Returns the information to show about a connection in a project's presence.</summary>
    /// <param name="request">What the host learned at the connection's handshake (with its user id).</param>
    /// <param name="project">The project it joins.</param>
    /// <returns>Anything JSON-serializable, or <see langword="null"/> for none.</returns>
    object? GetInfo(ConnectionRequest request, string project);
}
