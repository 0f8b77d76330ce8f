namespace ProjectSockets;

/// <summary>The answer of <see cref="ICommandOutcomeStore.ClaimAsync"/>: run the command, replay an earlier outcome, or refuse.</summary>
public sealed class CommandClaim
{
    private CommandClaim(CommandClaimKind kind, Task<CommandOutcome>? outcome)
    {
        Kind = kind;
        Outcome = outcome;
    }

    /// <summary>Gets the claim that lets the caller run the command.</summary>
    public static CommandClaim Run { get; } = new(CommandClaimKind.Run, null);

    /// <summary>Gets what was decided.</summary>
    public CommandClaimKind Kind { get; }

    /// <summary>
    /// Gets the outcome to answer with: for <see cref="CommandClaimKind.Replay"/>, the earlier run's (a task that
    /// completes when that run ends); for <see cref="CommandClaimKind.Refused"/>, the refusal. <see langword="null"/>
    /// for <see cref="CommandClaimKind.Run"/>.
    /// </summary>
    public Task<CommandOutcome>? Outcome { get; }

    /// <summary>A claim that answers with the earlier run's outcome.</summary>
    /// <param name="outcome">Completes with the earlier run's outcome.</param>
    /// <returns>The claim.</returns>
    public static CommandClaim Replay(Task<CommandOutcome> outcome)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        return new(CommandClaimKind.Replay, outcome);
    }

    /// <summary>A claim that refuses the command without running it.</summary>
    /// <param name="answer">The failure to answer with.</param>
    /// <returns>The claim.</returns>
    public static CommandClaim Refuse(CommandOutcome answer)
    {
        ArgumentNullException.ThrowIfNull(answer);
        return new(CommandClaimKind.Refused, Task.FromResult(answer));
    }
}
