namespace ProjectSockets;

/// <summary>
/// Maps a connection to the id of its user. The manager asks once per connection, at the handshake, before the
/// authorizer; the answer is kept in <see cref="ConnectionRequest.UserId"/>. The default is
/// <see cref="ClaimsUserIdProvider"/>; a host replaces it by registering its own implementation.
/// </summary>
public interface IUserIdProvider
{
    /// <summary>Returns the user id of the connection that made <paramref name="request"/>.</summary>
    /// <param name="request">What the host learned at the handshake.</param>
    /// <returns>The user id, or <see langword="null"/> for an anonymous connection.</returns>
    string? GetUserId(ConnectionRequest request);
}
