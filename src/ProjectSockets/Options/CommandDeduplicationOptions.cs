namespace ProjectSockets;

/// <summary>
/// How long and how many command outcomes the server remembers per client session, so that a command retried with
/// the same id (after a reconnect) is answered with its first outcome instead of running again. Only connections
/// that present a session key take part (see docs/commands-delivery.md).
/// </summary>
public sealed class CommandDeduplicationOptions
{
    /// <summary>The shortest window.</summary>
    public static readonly TimeSpan MinWindow = TimeSpan.FromSeconds(1);

    /// <summary>The longest window.</summary>
    public static readonly TimeSpan MaxWindow = TimeSpan.FromHours(24);

    /// <summary>
    /// Gets or sets how long an outcome is remembered after the command finished. A retry within it gets the first
    /// outcome; a retry after it runs the command again.
    /// </summary>
    /// <value>Default is 2 minutes. Must be between 1 second and 24 hours.</value>
    public TimeSpan Window { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>
    /// Gets or sets the most commands one session may have running or remembered on a node. A new command id beyond
    /// it is refused with <c>limit_exceeded</c> and not run; nothing remembered is forgotten before its window ends.
    /// </summary>
    /// <value>Default is 1,000. Must be between 1 and 100,000.</value>
    public int MaxCommandsPerSession { get; set; } = 1000;

    /// <summary>
    /// Gets or sets the most commands all sessions together may have running or remembered on a node. A new command id
    /// beyond it is refused with <c>limit_exceeded</c> and not run.
    /// </summary>
    /// <value>Default is 100,000. Must be between 1 and 10,000,000.</value>
    public int MaxCommands { get; set; } = 100_000;
}
