namespace ProjectSockets;

/// <summary>
/// The seam for credentials that change while a connection is open: when the credentials it connected with expire,
/// and whether a token the client sends with the built-in <c>refresh</c> replaces them. The default,
/// <see cref="ClaimsConnectionCredentials"/>, reads the <c>exp</c> claim and accepts no refresh.
/// </summary>
public interface IConnectionCredentials
{
    /// <summary>
    /// Returns when the credentials of a connection expire. Asked once, when the connection opens. Before then the
    /// client gets <c>credentials_expiring</c>; at that time the connection is closed with 4003 unless it refreshed.
    /// </summary>
    /// <param name="request">What the host learned at the handshake, including the user.</param>
    /// <returns>The expiry, or <see langword="null"/> when the credentials do not expire.</returns>
    DateTimeOffset? GetExpiry(ConnectionRequest request);

    /// <summary>
    /// Checks the token of a <c>refresh</c>: accepted, it gives the connection's new user and expiry (the user id
    /// must stay the same, and the authorizer checks every subscription again); denied, the client gets
    /// <c>refresh_denied</c> and the earlier expiry still holds.
    /// </summary>
    /// <param name="request">What the connection holds now (the handshake's request, or the last refresh's).</param>
    /// <param name="token">The token the client sent, never logged.</param>
    /// <param name="cancellationToken">Cancelled when the connection ends or the command timeout passes.</param>
    /// <returns>The decision.</returns>
    ValueTask<CredentialRefreshResult> RefreshAsync(ConnectionRequest request, string token, CancellationToken cancellationToken = default);
}
