using System.Globalization;
using System.Security.Claims;

namespace ProjectSockets.Tests.Credentials;

/// <summary>
/// A credentials seam for tests: a token <c>user:expSeconds[:project,project]</c> stands for that user with an
/// <c>exp</c> claim and a <c>project</c> claim per project; <c>throw</c> throws; anything else is denied.
/// </summary>
internal sealed class TestCredentials : ClaimsConnectionCredentials
{
    public static ClaimsPrincipal Principal(string token)
    {
        var parts = token.Split(':');
        var claims = new List<Claim> { new(ClaimTypes.NameIdentifier, parts[0]), new(ExpiryClaim, parts[1]) };
        if (parts.Length > 2)
        {
            claims.AddRange(parts[2].Split(',').Select(project => new Claim("project", project)));
        }

        return new ClaimsPrincipal(new ClaimsIdentity(claims, "test"));
    }

    public static string Token(string user, DateTimeOffset expiresAt, params string[] projects)
        => $"{user}:{expiresAt.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture)}" + (projects.Length > 0 ? ":" + string.Join(',', projects) : "");

    public TaskCompletionSource<string> Refreshed { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public override ValueTask<CredentialRefreshResult> RefreshAsync(ConnectionRequest request, string token, CancellationToken cancellationToken = default)
    {
        if (token == "throw")
        {
            throw new InvalidOperationException("The token service is down.");
        }

        if (token.Split(':').Length < 2)
        {
            return ValueTask.FromResult(CredentialRefreshResult.Deny("Token not accepted."));
        }

        var user = Principal(token);
        Refreshed.TrySetResult(token);
        return ValueTask.FromResult(CredentialRefreshResult.Accept(user, GetExpiry(new ConnectionRequest { User = user })));
    }
}

/// <summary>Allows a project when the connection's user has a <c>project</c> claim naming it.</summary>
internal sealed class ProjectClaimAuthorizer : IProjectAuthorizer
{
    public ValueTask<bool> CanSubscribeAsync(ConnectionRequest request, string project, CancellationToken cancellationToken = default)
        => ValueTask.FromResult(request.User.HasClaim("project", project));

    public ValueTask<bool> CanInvokeAsync(ConnectionRequest request, string command, string? project, CancellationToken cancellationToken = default)
        => ValueTask.FromResult(true);
}
