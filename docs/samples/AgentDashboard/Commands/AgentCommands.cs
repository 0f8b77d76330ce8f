using ProjectSockets;

namespace AgentDashboard.Commands;

/// <summary>Registers the sample's commands: two handler classes and one delegate, to show both styles.</summary>
internal static class AgentCommands
{
    private const int MaxBranchNameLength = 100;

    public static IProjectSocketsBuilder AddAgentCommands(this IProjectSocketsBuilder builder)
        => builder
            .AddCommand<StartTaskCommand>("start_task")
            .AddCommand<CancelExecutionCommand>("cancel_execution")
            .AddCommand<CreateBranchArgs, CreateBranchResult>("create_branch", CreateBranchAsync);

    /// <summary>Returns the command's project; these commands mean nothing without one.</summary>
    public static string RequireProject(CommandContext context)
        => context.Project ?? throw new CommandException("project_required", "This command needs a 'project'.");

    private static async ValueTask<CreateBranchResult> CreateBranchAsync(CreateBranchArgs args, CommandContext context, CancellationToken cancellationToken)
    {
        var project = RequireProject(context);
        if (!IsValidBranchName(args.Name))
        {
            throw new CommandException(ProtocolErrorCodes.InvalidArgs, $"'name' is required: 1 to {MaxBranchNameLength} of A-Z a-z 0-9 . _ / -.");
        }

        var publisher = context.Services.GetRequiredService<IProjectEventPublisher>();
        await publisher.PublishAsync(project, "branch_created", new { name = args.Name, from = "main" }, cancellationToken);
        return new CreateBranchResult(args.Name);
    }

    private static bool IsValidBranchName([System.Diagnostics.CodeAnalysis.NotNullWhen(true)] string? name)
        => name is { Length: > 0 and <= MaxBranchNameLength }
            && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '/' or '-');
}
