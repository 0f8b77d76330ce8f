using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace ProjectSockets.StackExchangeRedis;

/// <summary>
/// Remembers command outcomes in Redis, so that a retried command is answered by any node that shares the Redis and
/// key prefix: with the first outcome, after waiting for a run still going on another node, or with
/// <c>outcome_unknown</c> when that run's node died before recording it (its deadline passed: the command timeout
/// plus <see cref="DeadlineGrace(TimeSpan)"/>, measured by Redis's clock).
/// </summary>
internal sealed class RedisCommandOutcomeStore(
    RedisConnectionSource connection, IOptions<ProjectSocketsRedisOptions> redisOptions, IOptions<ProjectSocketsOptions> options, TimeProvider timeProvider, ILogger<RedisCommandOutcomeStore>? logger = null)
    : ICommandOutcomeStore
{
    /// <summary>How long after the command timeout a run that was not recorded counts as lost with its node: as long again, at most 5 seconds.</summary>
    internal static TimeSpan DeadlineGrace(TimeSpan commandTimeout) => commandTimeout < TimeSpan.FromSeconds(5) ? commandTimeout : TimeSpan.FromSeconds(5);

    private static readonly TimeSpan FirstPoll = TimeSpan.FromMilliseconds(20);
    private static readonly TimeSpan LongestPoll = TimeSpan.FromMilliseconds(500);
    private const string LostRun = "The node that ran this command failed before it finished; it may or may not have run, and is not run again.";
    private readonly string _prefix = redisOptions.Value.KeyPrefix;
    private readonly ILogger _logger = logger ?? (ILogger)NullLogger.Instance;

    public async ValueTask<CommandClaim> ClaimAsync(CommandRunKey key, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(key);
        var settings = options.Value;
        var run = (long)(settings.CommandTimeout + DeadlineGrace(settings.CommandTimeout)).TotalMilliseconds;
        var fingerprint = Fingerprint(key);
        var reply = await EvaluateAsync(RedisCommandScripts.Claim, key, [fingerprint, run, settings.CommandDeduplication.MaxCommandsPerSession])
            .ConfigureAwait(false);
        switch ((string?)reply[0])
        {
            case "claimed":
                return CommandClaim.Run;
            case "full":
                return CommandClaim.Refuse(CommandOutcome.Failure(
                    ProtocolErrorCodes.LimitExceeded, "This session has too many commands running or remembered; it did not run."));
        }

        if ((string?)reply[1] != fingerprint)
        {
            return CommandClaim.Refuse(CommandOutcome.Failure(
                ProtocolErrorCodes.CommandIdReused, "This command id was already used for another command or project in this session."));
        }

        return CommandClaim.Replay((string?)reply[0] == "done" ? Task.FromResult(Read(reply)) : PollAsync(key, cancellationToken));
    }

    public async ValueTask CompleteAsync(CommandRunKey key, CommandOutcome outcome, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(outcome);
        var recorded = await EvaluateAsync(RedisCommandScripts.Complete, key,
            [outcome.Ok ? 1 : 0, outcome.Data, outcome.ErrorCode ?? string.Empty, outcome.ErrorMessage ?? string.Empty]).ConfigureAwait(false);
        if ((long)recorded[0] == 0)
        {
            RedisProjectEventStoreLog.CommandOutcomeTooLate(_logger, key.Command);
        }
    }

    /// <summary>Waits for a run on another node (or on this one) to be recorded, or for its deadline to pass.</summary>
    private async Task<CommandOutcome> PollAsync(CommandRunKey key, CancellationToken cancellationToken)
    {
        var interval = FirstPoll;
        while (true)
        {
            await Task.Delay(interval, timeProvider, cancellationToken).ConfigureAwait(false);
            interval = TimeSpan.FromTicks(Math.Min(interval.Ticks * 2, LongestPoll.Ticks));
            var reply = await EvaluateAsync(RedisCommandScripts.Poll, key, [LostRun]).ConfigureAwait(false);
            switch ((string?)reply[0])
            {
                case "done":
                    return Read(reply);
                case null:
                    return CommandOutcome.Failure(ProtocolErrorCodes.OutcomeUnknown, "The first run of this command is no longer known.");
            }
        }
    }

    private async Task<RedisResult[]> EvaluateAsync(string script, CommandRunKey key, RedisValue[] arguments)
    {
        RedisValue[] values = [key.CommandId, (long)options.Value.CommandDeduplication.Window.TotalMilliseconds, .. arguments];
        var database = (await connection.GetAsync().ConfigureAwait(false)).GetDatabase();

        // One hash tag per session: a session's keys share a cluster slot.
        RedisKey[] keys = [$"{_prefix}{{cmd:{key.Session}}}:{key.CommandId}", $"{_prefix}{{cmd:{key.Session}}}:ids"];
        return (RedisResult[])(await database.ScriptEvaluateAsync(script, keys, values).ConfigureAwait(false))!;
    }

    private static CommandOutcome Read(RedisResult[] reply)
        => (string?)reply[3] == "1"
            ? CommandOutcome.Success((byte[])reply[4]! ?? [])
            : CommandOutcome.Failure((string?)reply[5] ?? ProtocolErrorCodes.HandlerError, (string?)reply[6] ?? string.Empty);

    private static string Fingerprint(CommandRunKey key) => key.Command + "\n" + key.Project;
}
