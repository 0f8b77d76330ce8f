namespace AgentDashboard.Commands;

/// <summary>The result of <c>cancel_execution</c>: <c>{"taskId":"…","cancelled":true}</c>.</summary>
/// <param name="TaskId">The cancelled task.</param>
/// <param name="Cancelled">Always <see langword="true"/>: a task that could not be cancelled fails with <c>task_not_found</c>.</param>
public sealed record CancelExecutionResult(string TaskId, bool Cancelled);
