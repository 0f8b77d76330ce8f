using Microsoft.Extensions.Options;

namespace ProjectSockets;

/// <summary>Checks the listener's settings at start-up and names the one that is wrong.</summary>
internal sealed class HttpListenerHostOptionsValidator : IValidateOptions<HttpListenerHostOptions>
{
    public ValidateOptionsResult Validate(string? name, HttpListenerHostOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        var pathPrefix = options.PathPrefix;
        var pathIsValid = pathPrefix is not null
            && pathPrefix.StartsWith('/')
            && (pathPrefix.Length == 1 || !pathPrefix.EndsWith('/'))
            && pathPrefix.IndexOfAny(['?', '#', '%', ' ']) < 0
            && !pathPrefix.Contains("//", StringComparison.Ordinal);
        if (!pathIsValid)
        {
            failures.Add($"PathPrefix '{pathPrefix}' must start with '/', must not end with '/' (except '/' itself) and must not hold '?', '#', '%', spaces or '//'.");
        }

        if (options.Prefixes.Count == 0)
        {
            failures.Add("Prefixes must hold at least one prefix, for example 'http://127.0.0.1:5181/'.");
        }

        foreach (var prefix in options.Prefixes)
        {
            if (!ListenerPrefixes.TryParse(prefix, out var uri))
            {
                failures.Add($"Prefixes entry '{prefix}' must be an absolute http or https URL that ends with '/'.");
            }
            else if (pathIsValid && !(pathPrefix!.TrimEnd('/') + "/").StartsWith(uri.AbsolutePath, StringComparison.OrdinalIgnoreCase))
            {
                failures.Add($"Prefixes entry '{prefix}' does not cover PathPrefix '{pathPrefix}': requests for it would never reach the listener.");
            }
        }

        if (options.KeepAliveInterval < TimeSpan.Zero)
        {
            failures.Add("KeepAliveInterval must not be negative (TimeSpan.Zero turns WebSocket pings off).");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
