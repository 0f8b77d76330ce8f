namespace ProjectSockets;

/// <summary>What happened to a published event, known without waiting for delivery.</summary>
/// <param name="Project">The project.</param>
/// <param name="Seq">The sequence number the event was given.</param>
/// <param name="Epoch">The project's epoch.</param>
/// <param name="LocalSubscribers">How many subscribers on this node it was queued for (0 for a duplicate).</param>
public readonly record struct PublishResult(string Project, long Seq, string Epoch, int LocalSubscribers)
{
    /// <summary>
    /// Gets a value indicating whether this publish repeated an idempotency key seen within the window: nothing was
    /// stored or delivered, and <see cref="Seq"/> and <see cref="Epoch"/> are the first publish's.
    /// </summary>
    public bool Duplicate { get; init; }
}
