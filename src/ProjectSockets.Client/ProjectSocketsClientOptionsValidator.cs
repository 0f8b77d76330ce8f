using Microsoft.Extensions.Options;

namespace ProjectSockets.Client;

/// <summary>Checks every setting and names the one that is out of range.</summary>
internal sealed class ProjectSocketsClientOptionsValidator : IValidateOptions<ProjectSocketsClientOptions>
{
    public ValidateOptionsResult Validate(string? name, ProjectSocketsClientOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        void Check(bool ok, string message)
        {
            if (!ok)
            {
                failures.Add(message);
            }
        }

        Check(options.Url is { IsAbsoluteUri: true, Scheme: "ws" or "wss" }, "Url must be an absolute ws:// or wss:// URL.");
        Check(options.ConnectTimeout > TimeSpan.Zero, "ConnectTimeout must be positive.");
        Check(options.CommandTimeout > TimeSpan.Zero, "CommandTimeout must be positive.");
        Check(options.CloseTimeout > TimeSpan.Zero, "CloseTimeout must be positive.");
        Check(options.EventBufferCapacity >= 1, "EventBufferCapacity must be at least 1.");
        Check(options.MaxReceiveMessageBytes >= 1024, "MaxReceiveMessageBytes must be at least 1024.");
        Check(options.SessionKey is null || ProtocolNames.IsValidSessionKey(options.SessionKey), "SessionKey must be null (a random key) or 16 to 64 of A-Z a-z 0-9 _ -.");
        Check(options.JsonSerializerOptions is not null, "JsonSerializerOptions must be set.");
        Check(options.Reconnect.InitialDelay >= TimeSpan.Zero, "Reconnect.InitialDelay must be zero or more.");
        Check(options.Reconnect.MaxDelay >= options.Reconnect.InitialDelay, "Reconnect.MaxDelay must be at least Reconnect.InitialDelay.");
        Check(options.Reconnect.Multiplier >= 1, "Reconnect.Multiplier must be at least 1.");
        Check(options.Reconnect.JitterRatio is >= 0 and <= 1, "Reconnect.JitterRatio must be between 0 and 1.");
        Check(options.Reconnect.MaxAttempts is null or >= 1, "Reconnect.MaxAttempts must be null (no limit) or at least 1.");
        foreach (var header in options.Headers.Keys)
        {
            Check(!string.Equals(header, "Sec-WebSocket-Protocol", StringComparison.OrdinalIgnoreCase), "Headers must not set Sec-WebSocket-Protocol: the client offers projectsockets.v1 itself.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
