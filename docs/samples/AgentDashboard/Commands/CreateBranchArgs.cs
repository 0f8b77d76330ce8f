namespace AgentDashboard.Commands;

/// <summary>The arguments of <c>create_branch</c>: <c>{"name":"…"}</c>.</summary>
/// <param name="Name">The branch name: 1 to 100 of <c>A-Z a-z 0-9 . _ / -</c>.</param>
public sealed record CreateBranchArgs(string? Name);
