using System.Security.Claims;

namespace ProjectSockets;

/// <summary>What <see cref="IConnectionCredentials.RefreshAsync"/> decided about a <c>refresh</c> token.</summary>
public sealed class CredentialRefreshResult
{
    private CredentialRefreshResult(ClaimsPrincipal? user, DateTimeOffset? expiresAt, string? message)
    {
        User = user;
        ExpiresAt = expiresAt;
        Message = message;
    }

    /// <summary>Gets whether the token was accepted.</summary>
    public bool IsAccepted => User is not null;

    /// <summary>Gets the connection's new user, when accepted.</summary>
    public ClaimsPrincipal? User { get; }

    /// <summary>Gets when the new credentials expire, or <see langword="null"/> when they do not.</summary>
    public DateTimeOffset? ExpiresAt { get; }

    /// <summary>Gets the message the client gets with <c>refresh_denied</c>, when denied.</summary>
    public string? Message { get; }

    /// <summary>Accepts a token.</summary>
    /// <param name="user">The user the token stands for; its user id must be the connection's.</param>
    /// <param name="expiresAt">When the token expires, or <see langword="null"/> when it does not.</param>
    /// <returns>The decision.</returns>
    public static CredentialRefreshResult Accept(ClaimsPrincipal user, DateTimeOffset? expiresAt)
    {
        ArgumentNullException.ThrowIfNull(user);
        return new(user, expiresAt, null);
    }

    /// <summary>Denies a token.</summary>
    /// <param name="message">What the client is told; never exception text or the token.</param>
    /// <returns>The decision.</returns>
    public static CredentialRefreshResult Deny(string message = "The credentials were not accepted.")
    {
        ArgumentNullException.ThrowIfNull(message);
        return new(null, null, message);
    }
}
