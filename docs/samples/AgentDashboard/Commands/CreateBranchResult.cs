namespace AgentDashboard.Commands;

/// <summary>The result of <c>create_branch</c>: <c>{"name":"…"}</c>.</summary>
/// <param name="Name">The branch that was created.</param>
public sealed record CreateBranchResult(string Name);
