namespace ProjectSockets;

/// <summary>Where a subscription started: the project's latest <c>seq</c> and <c>epoch</c> then, and whether it resumed.</summary>
/// <param name="Project">The project.</param>
/// <param name="Seq">The project's latest sequence number when the subscription took effect (0 when it has none).</param>
/// <param name="Epoch">The project's current epoch.</param>
/// <param name="Recovered">Whether the missed events were replayed.</param>
public readonly record struct SubscriptionPosition(string Project, long Seq, string Epoch, bool Recovered);
