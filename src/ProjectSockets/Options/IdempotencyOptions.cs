namespace ProjectSockets;

/// <summary>
/// How long a publish's idempotency key is remembered (<see cref="PublishOptions.IdempotencyKey"/>): a publish with a
/// key already used for the same project within the window returns the first publish's result and stores and delivers
/// nothing. Projects can have their own window (<see cref="ProjectNamespaceOptions.IdempotencyWindow"/>).
/// </summary>
public sealed class IdempotencyOptions
{
    /// <summary>The shortest window allowed.</summary>
    public static readonly TimeSpan MinWindow = TimeSpan.FromSeconds(1);

    /// <summary>The longest window allowed.</summary>
    public static readonly TimeSpan MaxWindow = TimeSpan.FromDays(1);

    /// <summary>Gets or sets how long a key is remembered after its first publish.</summary>
    /// <value>Default is 5 minutes. Must be between 1 second and 1 day.</value>
    public TimeSpan Window { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// Gets or sets the most keys the in-memory store remembers per project; beyond it the oldest is forgotten early
    /// (a retry with it would publish again). The Redis store keeps every key for its whole window.
    /// </summary>
    /// <value>Default is 10,000. Must be at least 1.</value>
    public int MaxKeysPerProject { get; set; } = 10_000;
}
