using Microsoft.Extensions.Options;

namespace ProjectSockets;

/// <summary>Checks every setting at start-up and names the one that is out of range.</summary>
internal sealed class ProjectSocketsOptionsValidator : IValidateOptions<ProjectSocketsOptions>
{
    public ValidateOptionsResult Validate(string? name, ProjectSocketsOptions options)
    {
        var failures = new List<string>();
        void Check(bool ok, string message)
        {
            if (!ok)
            {
                failures.Add(message);
            }
        }

        Check(options.Heartbeat.Interval >= TimeSpan.FromMilliseconds(1), "Heartbeat.Interval must be at least 1 millisecond.");
        Check(options.Heartbeat.Timeout > options.Heartbeat.Interval, "Heartbeat.Timeout must be greater than Heartbeat.Interval.");
        Check(options.History.MaxEvents >= 0, "History.MaxEvents must be 0 or more.");
        Check(options.History.MaxBytes >= 0, "History.MaxBytes must be 0 or more.");
        Check(options.History.MaxAge > TimeSpan.Zero, "History.MaxAge must be positive.");
        Check(options.SendQueue.MaxMessages >= 1, "SendQueue.MaxMessages must be at least 1.");
        Check(options.SendQueue.MaxBytes >= 1, "SendQueue.MaxBytes must be at least 1.");
        Check(options.SendQueue.MaxBatchBytes >= 1, "SendQueue.MaxBatchBytes must be at least 1.");
        Check(options.CommandRate.BurstLimit >= 1, "CommandRate.BurstLimit must be at least 1.");
        Check(options.CommandRate.TokensPerSecond > 0, "CommandRate.TokensPerSecond must be positive.");
        Check(options.PolicyClose.MaxProtocolErrors >= 1, "PolicyClose.MaxProtocolErrors must be at least 1.");
        Check(options.PolicyClose.MaxRateLimitedAnswers >= 1, "PolicyClose.MaxRateLimitedAnswers must be at least 1.");
        Check(options.PolicyClose.Window > TimeSpan.Zero, "PolicyClose.Window must be positive.");
        Check(options.MaxMessageBytes is >= 256 and <= 16 * 1024 * 1024, "MaxMessageBytes must be between 256 and 16777216.");
        Check(options.MaxSubscriptionsPerConnection >= 1, "MaxSubscriptionsPerConnection must be at least 1.");
        Check(options.MaxConnections is null or >= 1, "MaxConnections must be null (unlimited) or at least 1.");
        Check(options.CommandTimeout > TimeSpan.Zero, "CommandTimeout must be positive.");
        Check(options.CloseTimeout > TimeSpan.Zero, "CloseTimeout must be positive.");
        Check(options.ShutdownTimeout > TimeSpan.Zero, "ShutdownTimeout must be positive.");
        Check(options.JsonSerializerOptions is { WriteIndented: false }, "JsonSerializerOptions must be set and must not be indented.");
        foreach (var origin in options.AllowedOrigins)
        {
            Check(OriginPolicy.TryNormalize(origin, out _), $"AllowedOrigins entry '{origin}' is not an absolute http(s) origin.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
