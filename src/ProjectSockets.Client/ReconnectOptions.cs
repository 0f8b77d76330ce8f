namespace ProjectSockets.Client;

/// <summary>
/// Automatic reconnect: exponential backoff with jitter. The n-th attempt waits
/// <c>min(MaxDelay, InitialDelay × Multiplier^(n-1))</c>, shortened by a random part of up to <see cref="JitterRatio"/>.
/// </summary>
public sealed class ReconnectOptions
{
    /// <summary>Gets or sets whether the client reconnects after a connection is lost.</summary>
    /// <value>Default is <see langword="true"/>.</value>
    public bool Enabled { get; set; } = true;

    /// <summary>Gets or sets the wait before the first attempt.</summary>
    /// <value>Default is 1 second.</value>
    public TimeSpan InitialDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Gets or sets the longest wait between two attempts.</summary>
    /// <value>Default is 30 seconds.</value>
    public TimeSpan MaxDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Gets or sets the factor by which the wait grows after each failed attempt.</summary>
    /// <value>Default is 2.</value>
    public double Multiplier { get; set; } = 2;

    /// <summary>
    /// Gets or sets the part of each wait that is random, from 0 (none) to 1: the wait is drawn between
    /// <c>delay × (1 - JitterRatio)</c> and <c>delay</c>, so that many clients do not return at the same moment.
    /// </summary>
    /// <value>Default is 0.5.</value>
    public double JitterRatio { get; set; } = 0.5;

    /// <summary>Gets or sets how many attempts follow one lost connection before the client gives up, or <see langword="null"/> for no limit.</summary>
    /// <value>Default is <see langword="null"/>: try until disposed.</value>
    public int? MaxAttempts { get; set; }
}
