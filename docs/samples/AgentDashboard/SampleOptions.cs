namespace AgentDashboard;

/// <summary>The sample's settings, in the <c>Sample</c> configuration section.</summary>
public sealed class SampleOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Sample";

    /// <summary>The configuration key of <see cref="Redis"/>; <c>--redis</c> on the command line sets it.</summary>
    public const string RedisKey = SectionName + ":" + nameof(Redis);

    /// <summary>Gets or sets the pause between two steps of a simulated task, in milliseconds.</summary>
    /// <value>Default is 500. Must be at least 1.</value>
    public int StepDelayMs { get; set; } = 500;

    /// <summary>
    /// Gets or sets a StackExchange.Redis configuration string, for example <c>localhost:6379</c>. When set, the
    /// sample scales out on that Redis: every instance started with it shares projects.
    /// </summary>
    /// <value>Default is <see langword="null"/>: one instance, events in memory.</value>
    public string? Redis { get; set; }

    /// <summary>
    /// Gets the private projects: project id to the token a client must present (<c>?access_token=</c> or
    /// <c>Authorization: Bearer</c>). Every other project is public. Configuration keys are case-insensitive, so a
    /// project whose id matches a key in any case is private.
    /// </summary>
    public Dictionary<string, string> Tokens { get; } = new(StringComparer.OrdinalIgnoreCase);
}
