namespace ProjectSockets;

/// <summary>
/// Settings for the projects whose id matches <see cref="Pattern"/>: an exact project id (<c>p1</c>) or a prefix
/// followed by <c>*</c> (<c>audit:*</c>). A project takes the settings of its exact pattern if there is one, otherwise
/// those of the longest matching prefix, otherwise the global ones; a setting left unset here falls back to the global
/// value, not to a shorter matching prefix. Two namespaces may not have the same pattern.
/// </summary>
public sealed class ProjectNamespaceOptions
{
    /// <summary>Gets or sets the project id or the prefix followed by <c>*</c> this namespace applies to.</summary>
    /// <value>Required: a valid project id, or 1 to 127 project-id characters followed by <c>*</c>.</value>
    public string Pattern { get; set; } = string.Empty;

    /// <summary>Gets or sets the most events kept per project of the namespace (<see cref="HistoryOptions.MaxEvents"/>).</summary>
    /// <value>Default is <see langword="null"/> (the global value). When set, 0 or more.</value>
    public int? HistoryMaxEvents { get; set; }

    /// <summary>Gets or sets the most encoded bytes kept per project of the namespace (<see cref="HistoryOptions.MaxBytes"/>).</summary>
    /// <value>
    /// Default is <see langword="null"/> (the global value). When set, 0 or more, and at least
    /// <see cref="ProjectSocketsOptions.MaxEventBytes"/> unless 0.
    /// </value>
    public long? HistoryMaxBytes { get; set; }

    /// <summary>Gets or sets the age after which an event of the namespace leaves history (<see cref="HistoryOptions.MaxAge"/>).</summary>
    /// <value>Default is <see langword="null"/> (the global value). When set, positive.</value>
    public TimeSpan? HistoryMaxAge { get; set; }

    /// <summary>Gets or sets how long a publish id is remembered in the namespace (<see cref="IdempotencyOptions.Window"/>).</summary>
    /// <value>Default is <see langword="null"/> (the global value). When set, between 1 second and 1 day.</value>
    public TimeSpan? IdempotencyWindow { get; set; }
}
