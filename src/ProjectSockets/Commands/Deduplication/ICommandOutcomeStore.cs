namespace ProjectSockets;

/// <summary>
/// Remembers, per client session, which command ids were run and what they answered, so that a retried command runs
/// at most once. The default keeps this in the node's memory; a backplane package may replace it with a shared store
/// so that a retry arriving at another node is answered too. Windows and limits come from
/// <see cref="ProjectSocketsOptions.CommandDeduplication"/> and <see cref="ProjectSocketsOptions.CommandTimeout"/>.
/// </summary>
public interface ICommandOutcomeStore
{
    /// <summary>
    /// Claims a command id for one run, or finds the earlier run of the same id (finished or still running), or
    /// refuses the command. Exactly one claim of an id returns <see cref="CommandClaimKind.Run"/> within the window.
    /// </summary>
    /// <param name="key">The session, command id and command.</param>
    /// <param name="cancellationToken">Cancels the claim (the caller's connection ended).</param>
    /// <returns>What to do.</returns>
    ValueTask<CommandClaim> ClaimAsync(CommandRunKey key, CancellationToken cancellationToken = default);

    /// <summary>Records the outcome of a run that <see cref="ClaimAsync"/> granted, and answers every retry waiting for it.</summary>
    /// <param name="key">The key the run was claimed with.</param>
    /// <param name="outcome">What the command answered.</param>
    /// <param name="cancellationToken">Cancels the recording.</param>
    /// <returns>A task that completes when the outcome is recorded.</returns>
    ValueTask CompleteAsync(CommandRunKey key, CommandOutcome outcome, CancellationToken cancellationToken = default);
}
