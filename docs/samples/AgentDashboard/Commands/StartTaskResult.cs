namespace AgentDashboard.Commands;

/// <summary>The result of <c>start_task</c>: <c>{"taskId":"…"}</c>.</summary>
/// <param name="TaskId">The id of the new task; its events carry it.</param>
public sealed record StartTaskResult(string TaskId);
