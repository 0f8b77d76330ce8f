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
    /// Gets or sets the key a publisher presents to <c>POST /api/projects/{projectId}/events</c> as
    /// <c>Authorization: Bearer &lt;key&gt;</c>: it allows publishing to every project. A private project's token also
    /// allows publishing to that project.
    /// </summary>
    /// <value>
    /// Default is <see langword="null"/>: only private projects' tokens publish. <c>appsettings.Development.json</c>
    /// sets a development key; set your own (a long random string) anywhere else.
    /// </value>
    public string? PublishKey { get; set; }

    /// <summary>Gets or sets the largest request body <c>POST /api/projects/{projectId}/events</c> reads; larger ones get 413.</summary>
    /// <value>Default is 65,536 (64 KiB). Must be at least 1.</value>
    public long MaxPublishBytes { get; set; } = 64 * 1024;

    /// <summary>Gets or sets how many publish requests one client address may make per <see cref="PublishWindowSeconds"/>; more get 429.</summary>
    /// <value>Default is 100. Must be at least 1.</value>
    public int PublishPermitLimit { get; set; } = 100;

    /// <summary>Gets or sets the window of <see cref="PublishPermitLimit"/>, in seconds.</summary>
    /// <value>Default is 10. Must be at least 1.</value>
    public int PublishWindowSeconds { get; set; } = 10;

    /// <summary>
    /// Gets the private projects: project id to the token a client must present (<c>?access_token=</c> or
    /// <c>Authorization: Bearer</c>). Every other project is public. Configuration keys are case-insensitive, so a
    /// project whose id matches a key in any case is private.
    /// </summary>
    public Dictionary<string, string> Tokens { get; } = new(StringComparer.OrdinalIgnoreCase);
}
