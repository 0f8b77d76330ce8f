namespace ProjectSockets;

/// <summary>How much of each project's recent events is kept for resume; the oldest go first when any bound is hit.</summary>
public sealed class HistoryOptions
{
    /// <summary>Gets or sets the most events kept per project.</summary>
    /// <value>Default is 1,000. Must be 0 or more (0 disables resume).</value>
    public int MaxEvents { get; set; } = 1000;

    /// <summary>Gets or sets the most encoded bytes kept per project.</summary>
    /// <value>Default is 1 MiB. Must be 0 or more.</value>
    public long MaxBytes { get; set; } = 1024 * 1024;

    /// <summary>Gets or sets the age after which an event leaves history.</summary>
    /// <value>Default is 10 minutes. Must be positive.</value>
    public TimeSpan MaxAge { get; set; } = TimeSpan.FromMinutes(10);
}
