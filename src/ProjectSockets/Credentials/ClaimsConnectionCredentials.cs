using System.Globalization;

namespace ProjectSockets;

/// <summary>
/// The default <see cref="IConnectionCredentials"/>: a connection expires at its user's <c>exp</c> claim (seconds
/// since the Unix epoch, as in a JWT) when there is one, and a <c>refresh</c> is denied: a host that accepts refresh
/// registers its own implementation (validating the token as its authentication does).
/// </summary>
public class ClaimsConnectionCredentials : IConnectionCredentials
{
    /// <summary>The claim read for the expiry.</summary>
    public const string ExpiryClaim = "exp";

    /// <inheritdoc />
    public virtual DateTimeOffset? GetExpiry(ConnectionRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var claim = request.User.FindFirst(ExpiryClaim);
        return claim is not null && long.TryParse(claim.Value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var seconds)
            && seconds is >= 0 and <= 253402300799
            ? DateTimeOffset.FromUnixTimeSeconds(seconds)
            : null;
    }

    /// <inheritdoc />
    public virtual ValueTask<CredentialRefreshResult> RefreshAsync(ConnectionRequest request, string token, CancellationToken cancellationToken = default)
        => ValueTask.FromResult(CredentialRefreshResult.Deny("This server does not accept refresh."));
}
