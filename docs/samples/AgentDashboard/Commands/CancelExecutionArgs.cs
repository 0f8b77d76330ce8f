namespace AgentDashboard.Commands;

/// <summary>The arguments of <c>cancel_execution</c>: <c>{"taskId":"…"}</c>.</summary>
/// <param name="TaskId">The task to cancel.</param>
public sealed record CancelExecutionArgs(string? TaskId);
