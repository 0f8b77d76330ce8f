namespace ProjectSockets;

/// <summary>What happened to a published event, known without waiting for delivery.</summary>
/// <param name="Project">The project.</param>
/// <param name="Seq">The sequence number the event was given.</param>
/// <param name="Epoch">The project's epoch.</param>
/// <param name="LocalSubscribers">How many subscribers on this node it was queued for.</param>
public readonly record struct PublishResult(string Project, long Seq, string Epoch, int LocalSubscribers);
