using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace ProjectSockets;

/// <summary>
/// Checks every setting at start-up and names the one that is out of range. A history that does not cover the send
/// queue with margin is logged as a warning, not refused (see <see cref="HistoryCoversSendQueue"/>). When the options
/// were bound from configuration, each message also names the configuration key, e.g.
/// <c>History.MaxEvents (configuration key 'ProjectSockets:History:MaxEvents') must be 0 or more.</c>
/// </summary>
internal sealed class ProjectSocketsOptionsValidator(
    ILogger<ProjectSocketsOptionsValidator>? logger = null,
    ProjectSocketsConfigurationPath? configurationPath = null) : IValidateOptions<ProjectSocketsOptions>
{
    /// <summary>How many send queues' worth history must hold: the one dropped at a 4001, and one more for the reconnect.</summary>
    internal const int HistoryCoverageFactor = 2;

    private readonly ILogger _logger = logger ?? (ILogger)NullLogger.Instance;
    private int _warned;

    /// <summary>
    /// Whether history holds <see cref="HistoryCoverageFactor"/> times the send queue's bounds, or is switched off (0).
    /// Falling short is a warning rather than a failure: a smaller history is a legitimate trade of resume for memory
    /// (many projects, clients that reload anyway), and refusing to start would break configurations that ran before;
    /// the cost is only that a client closed with 4001 may get <c>recovered: false</c>, which it handles by reloading.
    /// </summary>
    internal static bool HistoryCoversSendQueue(ProjectSocketsOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var history = options.History;
        var queue = options.SendQueue;
        return history.MaxEvents == 0
            || history.MaxBytes == 0
            || (history.MaxEvents >= (long)queue.MaxMessages * HistoryCoverageFactor
                && history.MaxBytes / HistoryCoverageFactor >= queue.MaxBytes);
    }

    /// <summary>Adds the configuration key after the setting a message starts with, when the options came from configuration.</summary>
    private string WithConfigurationKey(string message)
    {
        if (configurationPath is null)
        {
            return message;
        }

        var end = message.IndexOf(' ', StringComparison.Ordinal);
        var setting = end < 0 ? message : message[..end];
        return $"{setting} (configuration key '{configurationPath.KeyOf(setting)}'){message[setting.Length..]}";
    }

    public ValidateOptionsResult Validate(string? name, ProjectSocketsOptions options)
    {
        var failures = new List<string>();
        void Check(bool ok, string message)
        {
            if (!ok)
            {
                failures.Add(WithConfigurationKey(message));
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
        Check(options.Presence.MaxMembersInReply is >= 1 and <= 10_000, "Presence.MaxMembersInReply must be between 1 and 10000.");
        Check(options.Presence.Projects.All(PresenceOptions.IsValidPattern), "Presence.Projects entries must be project ids, or a project id prefix followed by one '*' at the end.");
        Check(options.MaxMessageBytes is >= 256 and <= 16 * 1024 * 1024, "MaxMessageBytes must be between 256 and 16777216.");
        Check(
            // A bound that is itself out of range is reported on its own.
            options.MaxEventBytes >= 256
                && (options.SendQueue.MaxBytes < 1 || options.MaxEventBytes <= options.SendQueue.MaxBytes)
                && (options.History.MaxBytes <= 0 || options.MaxEventBytes <= options.History.MaxBytes),
            $"MaxEventBytes ({options.MaxEventBytes}) must be at least 256, at most SendQueue.MaxBytes ({options.SendQueue.MaxBytes}) "
            + $"and at most History.MaxBytes ({options.History.MaxBytes}) unless that is 0: a larger event could never be queued or kept.");
        Check(options.MaxSubscriptionsPerConnection >= 1, "MaxSubscriptionsPerConnection must be at least 1.");
        Check(options.MaxConnections is null or >= 1, "MaxConnections must be null (unlimited) or at least 1.");
        Check(options.CommandTimeout > TimeSpan.Zero, "CommandTimeout must be positive.");
        var deduplication = options.CommandDeduplication;
        Check(
            deduplication.Window >= CommandDeduplicationOptions.MinWindow && deduplication.Window <= CommandDeduplicationOptions.MaxWindow,
            "CommandDeduplication.Window must be between 00:00:01 and 1.00:00:00.");
        Check(deduplication.MaxCommandsPerSession is >= 1 and <= 100_000, "CommandDeduplication.MaxCommandsPerSession must be between 1 and 100000.");
        Check(deduplication.MaxCommands is >= 1 and <= 10_000_000, "CommandDeduplication.MaxCommands must be between 1 and 10000000.");
        Check(options.CloseTimeout > TimeSpan.Zero, "CloseTimeout must be positive.");
        Check(options.ShutdownTimeout > TimeSpan.Zero, "ShutdownTimeout must be positive.");
        Check(options.CredentialExpiryWarning >= TimeSpan.Zero, "CredentialExpiryWarning must be 0 or more.");
        Check(options.JsonSerializerOptions is { WriteIndented: false }, "JsonSerializerOptions must be set and must not be indented.");
        Check(options.Idempotency.Window >= IdempotencyOptions.MinWindow && options.Idempotency.Window <= IdempotencyOptions.MaxWindow, "Idempotency.Window must be between 1 second and 1 day.");
        Check(options.Idempotency.MaxKeysPerProject >= 1, "Idempotency.MaxKeysPerProject must be at least 1.");
        NamespaceValidation.Check(options, Check);
        foreach (var origin in options.AllowedOrigins)
        {
            Check(OriginPolicy.TryNormalize(origin, out _), $"AllowedOrigins entry '{origin}' is not an absolute http(s) origin.");
        }

        if (failures.Count > 0)
        {
            return ValidateOptionsResult.Fail(failures);
        }

        // Once: options are validated again for every named instance or snapshot that is built.
        if (!HistoryCoversSendQueue(options) && Interlocked.Exchange(ref _warned, 1) == 0)
        {
            ProjectSocketsLog.HistoryShorterThanSendQueue(
                _logger, options.History.MaxEvents, options.History.MaxBytes, HistoryCoverageFactor, options.SendQueue.MaxMessages, options.SendQueue.MaxBytes);
        }

        return ValidateOptionsResult.Success;
    }
}
