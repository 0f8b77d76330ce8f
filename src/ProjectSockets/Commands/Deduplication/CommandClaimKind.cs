namespace ProjectSockets;

/// <summary>What <see cref="ICommandOutcomeStore.ClaimAsync"/> decided about a command.</summary>
public enum CommandClaimKind
{
    /// <summary>The command id is new: the caller runs the handler and then records the outcome.</summary>
    Run,

    /// <summary>The command id was seen: the answer is the earlier run's outcome, once it is known.</summary>
    Replay,

    /// <summary>The command is refused without running (limits, an id reused for another command).</summary>
    Refused,
}
