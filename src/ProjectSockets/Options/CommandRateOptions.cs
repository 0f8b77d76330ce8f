namespace ProjectSockets;

/// <summary>
/// The per-connection command rate: a token bucket that starts full. Every <c>command</c> takes one token;
/// <c>ping</c> and <c>pong</c> take none.
/// </summary>
public sealed class CommandRateOptions
{
    /// <summary>Gets or sets the bucket's size (the largest burst).</summary>
    /// <value>Default is 200. Must be at least 1.</value>
    public int BurstLimit { get; set; } = 200;

    /// <summary>Gets or sets how many tokens return per second.</summary>
    /// <value>Default is 100. Must be positive.</value>
    public double TokensPerSecond { get; set; } = 100;
}
