namespace ProjectSockets;

/// <summary>Who a connection stands for and until when: the seams that name its user and read its credentials' expiry.</summary>
/// <param name="Users">Names the connection's user at the start of its run.</param>
/// <param name="Credentials">Tells when the connection's credentials expire.</param>
internal sealed record ConnectionIdentity(IUserIdProvider Users, IConnectionCredentials Credentials);
