using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace AgentDashboard.Authorization;

/// <summary>
/// Which projects are private (<c>Sample:Tokens:{projectId}</c>) and whether a presented token opens one.
/// Tokens are compared in constant time.
/// </summary>
internal sealed class ProjectTokens(IOptionsMonitor<SampleOptions> options)
{
    private const string BearerPrefix = "Bearer ";

    /// <summary>Returns whether <paramref name="token"/> may use <paramref name="project"/>: always for a public project.</summary>
    public bool IsAllowed(string project, string? token)
    {
        if (!options.CurrentValue.Tokens.TryGetValue(project, out var expected) || string.IsNullOrEmpty(expected))
        {
            return true;
        }

        return Matches(token, expected);
    }

    /// <summary>Returns whether <paramref name="token"/> may publish to <paramref name="project"/>: the publish key, or a private project's token.</summary>
    public bool CanPublish(string project, string? token)
    {
        if (Matches(token, options.CurrentValue.PublishKey))
        {
            return true;
        }

        return options.CurrentValue.Tokens.TryGetValue(project, out var expected) && Matches(token, expected);
    }

    private static bool Matches(string? token, string? expected)
    {
        if (string.IsNullOrEmpty(token) || string.IsNullOrEmpty(expected))
        {
            return false;
        }

        // Hashing first makes the comparison constant-time in the length too.
        return CryptographicOperations.FixedTimeEquals(
            SHA256.HashData(Encoding.UTF8.GetBytes(token)),
            SHA256.HashData(Encoding.UTF8.GetBytes(expected)));
    }

    /// <summary>Reads the token from <c>?access_token=</c> (what browsers can send) or <c>Authorization: Bearer</c>.</summary>
    public static string? ReadToken(string? accessTokenQueryValue, string? authorizationHeader)
    {
        if (!string.IsNullOrEmpty(accessTokenQueryValue))
        {
            return accessTokenQueryValue;
        }

        return authorizationHeader is not null && authorizationHeader.StartsWith(BearerPrefix, StringComparison.OrdinalIgnoreCase)
            ? authorizationHeader[BearerPrefix.Length..].Trim()
            : null;
    }
}
