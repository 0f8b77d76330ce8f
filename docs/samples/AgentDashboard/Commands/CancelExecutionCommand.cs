using AgentDashboard.Tasks;
using ProjectSockets;

namespace AgentDashboard.Commands;

/// <summary><c>cancel_execution</c>: cancels a running task; fails with <c>task_not_found</c> when there is none.</summary>
internal sealed class CancelExecutionCommand(TaskSimulator simulator) : ICommandHandler<CancelExecutionArgs, CancelExecutionResult>
{
    public async ValueTask<CancelExecutionResult> HandleAsync(CancelExecutionArgs args, CommandContext context, CancellationToken cancellationToken)
    {
        var project = AgentCommands.RequireProject(context);
        if (string.IsNullOrEmpty(args.TaskId))
        {
            throw new CommandException(ProtocolErrorCodes.InvalidArgs, "'taskId' is required.");
        }

        if (!await simulator.CancelAsync(project, args.TaskId, cancellationToken))
        {
            throw new CommandException("task_not_found", "No running task has this id on this project.");
        }

        return new CancelExecutionResult(args.TaskId, Cancelled: true);
    }
}
