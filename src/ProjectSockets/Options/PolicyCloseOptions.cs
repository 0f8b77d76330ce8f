namespace ProjectSockets;

/// <summary>When a misbehaving connection is closed with 1008 (policy).</summary>
public sealed class PolicyCloseOptions
{
    /// <summary>Gets or sets how many protocol errors within <see cref="Window"/> close the connection.</summary>
    /// <value>Default is 50. Must be at least 1.</value>
    public int MaxProtocolErrors { get; set; } = 50;

    /// <summary>Gets or sets how many <c>rate_limited</c> answers within <see cref="Window"/> close the connection.</summary>
    /// <value>Default is 1,000. Must be at least 1.</value>
    public int MaxRateLimitedAnswers { get; set; } = 1000;

    /// <summary>Gets or sets the window the two counts are taken over.</summary>
    /// <value>Default is 10 seconds. Must be positive.</value>
    public TimeSpan Window { get; set; } = TimeSpan.FromSeconds(10);
}
