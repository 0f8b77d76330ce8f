using AgentDashboard.Tasks;
using ProjectSockets;

namespace AgentDashboard.Commands;

/// <summary><c>start_task</c>: starts a simulated task on the command's project. A handler class, resolved per call.</summary>
internal sealed class StartTaskCommand(TaskSimulator simulator) : ICommandHandler<StartTaskArgs, StartTaskResult>
{
    private const int MaxTitleLength = 200;

    public ValueTask<StartTaskResult> HandleAsync(StartTaskArgs args, CommandContext context, CancellationToken cancellationToken)
    {
        var project = AgentCommands.RequireProject(context);
        if (string.IsNullOrWhiteSpace(args.Title) || args.Title.Length > MaxTitleLength)
        {
            throw new CommandException(ProtocolErrorCodes.InvalidArgs, $"'title' is required: 1 to {MaxTitleLength} characters.");
        }

        return ValueTask.FromResult(new StartTaskResult(simulator.Start(project, args.Title.Trim())));
    }
}
