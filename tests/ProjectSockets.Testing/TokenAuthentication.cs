using System.Globalization;
using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ProjectSockets.Testing;

/// <summary>
/// Test credentials: a token <c>user:expSeconds</c> (in <c>Authorization: Bearer</c> or <c>access_token</c>) stands
/// for that user with an <c>exp</c> claim. The same tokens are accepted by <see cref="Credentials"/> for <c>refresh</c>.
/// </summary>
public static class TokenAuthentication
{
    public const string SchemeName = "TestToken";

    public static string Token(string user, DateTimeOffset expiresAt)
        => $"{user}:{expiresAt.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture)}";

    public static ClaimsPrincipal? Principal(string? token)
    {
        var parts = token?.Split(':');
        return parts is { Length: 2 } && long.TryParse(parts[1], NumberStyles.Integer, CultureInfo.InvariantCulture, out _)
            ? new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.NameIdentifier, parts[0]), new Claim("exp", parts[1])], SchemeName))
            : null;
    }

    /// <summary>Adds the scheme, authorization, and <see cref="Credentials"/> as the connection credentials seam.</summary>
    public static Credentials Add(IServiceCollection services)
    {
        services.AddAuthentication(SchemeName).AddScheme<AuthenticationSchemeOptions, Handler>(SchemeName, null);
        services.AddAuthorization();
        var credentials = new Credentials();
        services.AddSingleton<IConnectionCredentials>(credentials);
        return credentials;
    }

    /// <summary>Accepts a refresh whose token is a valid test token; records each accepted one.</summary>
    public sealed class Credentials : ClaimsConnectionCredentials
    {
        private int _accepted;

        public int Accepted => Volatile.Read(ref _accepted);

        public TaskCompletionSource<string> Refreshed { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public override ValueTask<CredentialRefreshResult> RefreshAsync(ConnectionRequest request, string token, CancellationToken cancellationToken = default)
        {
            if (Principal(token) is not { } user)
            {
                return ValueTask.FromResult(CredentialRefreshResult.Deny("Token not accepted."));
            }

            Interlocked.Increment(ref _accepted);
            Refreshed.TrySetResult(token);
            return ValueTask.FromResult(CredentialRefreshResult.Accept(user, GetExpiry(new ConnectionRequest { User = user })));
        }
    }

    private sealed class Handler(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder)
        : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
    {
        protected override Task<AuthenticateResult> HandleAuthenticateAsync()
        {
            var header = Request.Headers.Authorization.ToString();
            var token = header.StartsWith("Bearer ", StringComparison.Ordinal) ? header["Bearer ".Length..] : Request.Query["access_token"].ToString();
            return Task.FromResult(Principal(token) is { } user
                ? AuthenticateResult.Success(new AuthenticationTicket(user, SchemeName))
                : AuthenticateResult.NoResult());
        }
    }
}
