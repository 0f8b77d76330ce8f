namespace AgentDashboard.Api;

/// <summary>
/// The answer to a published event: <c>{"project":"…","seq":42,"epoch":"…","duplicate":false}</c>. <c>duplicate</c> is
/// true when the <c>Idempotency-Key</c> was seen within the window: the seq and epoch are the first publish's.
/// </summary>
/// <param name="Project">The project.</param>
/// <param name="Seq">The sequence number the event was given.</param>
/// <param name="Epoch">The project's epoch.</param>
/// <param name="Duplicate">Whether this repeated an earlier publish with the same key.</param>
public sealed record PublishEventResponse(string Project, long Seq, string Epoch, bool Duplicate);
