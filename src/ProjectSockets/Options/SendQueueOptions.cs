namespace ProjectSockets;

/// <summary>
/// Bounds of each connection's send queue. A connection whose queue would exceed either bound is closed with 4001
/// (slow consumer); publishers never wait for it. What was waiting is then dropped, so history
/// (<see cref="HistoryOptions"/>) must hold more than these bounds for that client to resume.
/// </summary>
public sealed class SendQueueOptions
{
    /// <summary>Gets or sets the most messages waiting for one connection.</summary>
    /// <value>Default is 1,000. Must be at least 1.</value>
    public int MaxMessages { get; set; } = 1000;

    /// <summary>Gets or sets the most bytes waiting for one connection.</summary>
    /// <value>Default is 1 MiB. Must be at least 1.</value>
    public long MaxBytes { get; set; } = 1024 * 1024;

    /// <summary>Gets or sets the largest batch of waiting messages sent in one WebSocket message.</summary>
    /// <value>Default is 64 KiB. Must be at least 1; a single larger message is sent alone.</value>
    public int MaxBatchBytes { get; set; } = 64 * 1024;
}
