namespace AgentDashboard.Commands;

/// <summary>The arguments of <c>start_task</c>: <c>{"title":"…"}</c>.</summary>
/// <param name="Title">What the agent should do.</param>
public sealed record StartTaskArgs(string? Title);
