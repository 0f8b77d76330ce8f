using Microsoft.Extensions.Options;

namespace ProjectSockets.StackExchangeRedis;

/// <summary>Checks the Redis settings at start-up and names the one that is out of range.</summary>
internal sealed class ProjectSocketsRedisOptionsValidator(IOptions<ProjectSocketsOptions> core) : IValidateOptions<ProjectSocketsRedisOptions>
{
    public ValidateOptionsResult Validate(string? name, ProjectSocketsRedisOptions options)
    {
        var failures = new List<string>();
        var prefix = options.KeyPrefix;
        if (prefix is null || prefix.Length > 128 || prefix.AsSpan().IndexOfAny('{', '}') >= 0)
        {
            failures.Add("KeyPrefix must be set, at most 128 characters, without '{' or '}'.");
        }

        // A namespace may keep history longer than the global setting: the project's seq and epoch must outlive it.
        var maxAge = core.Value.Namespaces.Select(n => n?.HistoryMaxAge ?? TimeSpan.Zero).Append(core.Value.History.MaxAge).Max();
        if (options.ProjectExpiry < TimeSpan.FromMinutes(1) || options.ProjectExpiry < maxAge)
        {
            failures.Add($"ProjectExpiry must be at least 1 minute and at least the longest History.MaxAge, global or of a namespace ({maxAge}).");
        }

        if (options.VerifyInterval != Timeout.InfiniteTimeSpan && options.VerifyInterval < TimeSpan.FromSeconds(1))
        {
            failures.Add("VerifyInterval must be at least 1 second, or Timeout.InfiniteTimeSpan to turn it off.");
        }

        if (options.ControlTimeout <= TimeSpan.Zero)
        {
            failures.Add("ControlTimeout must be positive.");
        }

        if (options.PresenceRefreshInterval < TimeSpan.FromMilliseconds(100) || options.PresenceLeaseTime < 2 * options.PresenceRefreshInterval)
        {
            failures.Add("PresenceRefreshInterval must be at least 100 milliseconds, and PresenceLeaseTime at least twice PresenceRefreshInterval.");
        }

        if (options.NodeId is { } nodeId && !ProtocolNames.IsValidName(nodeId))
        {
            failures.Add("NodeId must be null (a random id) or 1 to 64 of A-Z a-z 0-9 . _ : -");
        }

        if (options.ConnectionFactory is null && (options.Configuration is null || options.Configuration.EndPoints.Count == 0))
        {
            failures.Add("Configuration must name at least one Redis endpoint.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
