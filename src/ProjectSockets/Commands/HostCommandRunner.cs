using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ProjectSockets;

/// <summary>
/// Runs one of the host's commands: the authorizer, a DI scope, the handler under the command timeout, then the
/// result or an error answer.
/// </summary>
internal sealed class HostCommandRunner(ProjectSocketsOptions options, IProjectAuthorizer authorizer, IServiceScopeFactory scopeFactory, TimeProvider timeProvider, CommandMetrics metrics, ILogger logger)
{
    private const string GenericFailure = "The command failed.";

    public async Task InvokeAsync(ConnectionState state, InboundMessage message, CommandInvoker invoker)
    {
        var command = message.Command!;
        var started = timeProvider.GetTimestamp();
        using var activity = ProjectSocketsActivities.StartCommand(command, message.Project);
        var outcome = await RunAsync(state, message, invoker, command).ConfigureAwait(false);
        metrics.Completed(command, outcome, timeProvider.GetElapsedTime(started));
        if (outcome is not MetricTags.Success)
        {
            ProjectSocketsActivities.SetError(activity, outcome);
        }
    }

    /// <returns>The outcome: <see cref="MetricTags.Success"/>, the error code answered, or <see cref="MetricTags.Cancelled"/>.</returns>
    private async Task<string> RunAsync(ConnectionState state, InboundMessage message, CommandInvoker invoker, string command)
    {
        using var timeout = new CancellationTokenSource(options.CommandTimeout, timeProvider);
        try
        {
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token, state.Lifetime.Token);
            if (!await authorizer.CanInvokeAsync(state.Request, command, message.Project, linked.Token).ConfigureAwait(false))
            {
                return Fail(state, message.Id, ProtocolErrorCodes.Forbidden, "Not allowed to run this command.");
            }

            var scope = scopeFactory.CreateAsyncScope();
            await using var disposeScope = scope.ConfigureAwait(false);
            var context = new CommandContext(state.Id, state.Request, command, message.Id, message.Project, scope.ServiceProvider);

            // WaitAsync also ends the wait for a handler that ignores its token.
            var data = await invoker(message.Args, context, linked.Token).AsTask().WaitAsync(linked.Token).ConfigureAwait(false);
            if (message.Id is { } id)
            {
                state.TryEnqueue(ProtocolWriter.Result(id, data));
            }

            return MetricTags.Success;
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !state.Lifetime.IsCancellationRequested)
        {
            ProjectSocketsLog.CommandTimedOut(logger, command, state.Id);
            return Fail(state, message.Id, ProtocolErrorCodes.Timeout, "The command did not finish in time.");
        }
        catch (OperationCanceledException) when (state.Lifetime.IsCancellationRequested)
        {
            // The connection ended; nobody is left to answer.
            return MetricTags.Cancelled;
        }
        catch (InvalidCommandArgumentsException)
        {
            return Fail(state, message.Id, ProtocolErrorCodes.InvalidArgs, "The command's arguments are not valid.");
        }
        catch (CommandException exception)
        {
            if (exception.InnerException is not null)
            {
                ProjectSocketsLog.CommandFailed(logger, command, state.Id, exception);
            }

            return Fail(state, message.Id, exception.Code, exception.Message);
        }
        catch (Exception exception)
        {
            ProjectSocketsLog.CommandFailed(logger, command, state.Id, exception);
            return Fail(state, message.Id, ProtocolErrorCodes.HandlerError, GenericFailure);
        }
    }

    /// <summary>Queues the error answer and returns its code, the command's outcome.</summary>
    private static string Fail(ConnectionState state, string? id, string code, string message)
    {
        CommandDispatcher.Fail(state, id, code, message);
        return code;
    }
}
