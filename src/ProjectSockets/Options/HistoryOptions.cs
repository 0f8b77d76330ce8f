namespace ProjectSockets;

/// <summary>
/// How much of each project's recent events is kept for resume; the oldest go first when any bound is hit. The
/// defaults are four times the send queue's (<see cref="SendQueueOptions"/>): a client closed with 4001 lost at most
/// one queue's worth, and the rest covers what is published while it reconnects. Start-up logs a warning when the
/// bounds are below twice the queue's.
/// </summary>
public sealed class HistoryOptions
{
    /// <summary>Gets or sets the most events kept per project.</summary>
    /// <value>Default is 4,000 (four times <see cref="SendQueueOptions.MaxMessages"/>). Must be 0 or more (0 disables resume).</value>
    public int MaxEvents { get; set; } = 4000;

    /// <summary>Gets or sets the most encoded bytes kept per project.</summary>
    /// <value>
    /// Default is 4 MiB (four times <see cref="SendQueueOptions.MaxBytes"/>). Must be 0 or more (0 disables resume);
    /// otherwise at least <see cref="ProjectSocketsOptions.MaxEventBytes"/>.
    /// </value>
    public long MaxBytes { get; set; } = 4L * 1024 * 1024;

    /// <summary>Gets or sets the age after which an event leaves history.</summary>
    /// <value>Default is 10 minutes. Must be positive.</value>
    public TimeSpan MaxAge { get; set; } = TimeSpan.FromMinutes(10);
}
