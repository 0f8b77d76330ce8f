using System.Security.Claims;

namespace ProjectSockets;

/// <summary>
/// The default <see cref="IUserIdProvider"/>: the value of the user's <see cref="ClaimTypes.NameIdentifier"/> claim,
/// else of its <c>sub</c> claim (the JWT subject, when the claims are not mapped), else <see langword="null"/>.
/// </summary>
public sealed class ClaimsUserIdProvider : IUserIdProvider
{
    /// <inheritdoc/>
    public string? GetUserId(ConnectionRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var user = request.User;
        var id = user.FindFirst(ClaimTypes.NameIdentifier)?.Value ?? user.FindFirst("sub")?.Value;
        return string.IsNullOrEmpty(id) ? null : id;
    }
}
