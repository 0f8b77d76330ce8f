namespace AgentDashboard.Api;

/// <summary>The answer to a published event: <c>{"project":"…","seq":42,"epoch":"…"}</c>.</summary>
/// <param name="Project">The project.</param>
/// <param name="Seq">The sequence number the event was given.</param>
/// <param name="Epoch">The project's epoch.</param>
public sealed record PublishEventResponse(string Project, long Seq, string Epoch);
