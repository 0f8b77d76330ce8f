using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using static ProjectSockets.CommandDispatcher;

namespace ProjectSockets;

/// <summary>
/// Runs one of the host's commands: the authorizer, a DI scope, the handler under the command timeout, then the
/// result or an error answer. A command with an id from a connection with a session key runs at most once per id
/// within the window (<see cref="ICommandOutcomeStore"/>): a retry is answered with the first run's outcome, waiting
/// for it when that run is still going, and the run goes on to its end when its connection drops.
/// </summary>
internal sealed class HostCommandRunner(
    ProjectSocketsOptions options, IProjectAuthorizer authorizer, IServiceScopeFactory scopeFactory, TimeProvider timeProvider, CommandMetrics metrics, ILogger logger, ICommandOutcomeStore outcomes)
{
    private const string GenericFailure = "The command failed.";

    /// <summary>How much longer than the command timeout a retry waits for the first run's outcome.</summary>
    internal static readonly TimeSpan ReplayGrace = TimeSpan.FromSeconds(10);

    public Task InvokeAsync(ConnectionState state, InboundMessage message, CommandInvoker invoker)
    {
        if (message.Id is { } id && SessionIdentity.Derive(state.Request) is { } session)
        {
            return InvokeOnceAsync(state, message, invoker, new CommandRunKey(session, id, message.Command!, message.Project));
        }

        return InvokeAndAnswerAsync(state, message, invoker);
    }

    private async Task InvokeAndAnswerAsync(ConnectionState state, InboundMessage message, CommandInvoker invoker)
    {
        if (await RunAsync(state, message, invoker, state.Lifetime.Token).ConfigureAwait(false) is not { } outcome)
        {
            return;
        }

        if (!outcome.Ok)
        {
            Fail(state, message.Id, outcome.ErrorCode!, outcome.ErrorMessage!);
        }
        else if (message.Id is { } id)
        {
            state.TryEnqueue(ProtocolWriter.Result(id, outcome.Data.Span));
        }
    }

    private async Task InvokeOnceAsync(ConnectionState state, InboundMessage message, CommandInvoker invoker, CommandRunKey key)
    {
        var id = key.CommandId;
        CommandClaim claim;
        try
        {
            claim = await outcomes.ClaimAsync(key, state.Lifetime.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (state.Lifetime.IsCancellationRequested)
        {
            return;
        }
        catch (Exception exception)
        {
            // Not claimed, so not run: a retry may still run it.
            ProjectSocketsLog.CommandOutcomeStoreFailed(logger, key.Command, state.Id, exception);
            Fail(state, id, ProtocolErrorCodes.HandlerError, "The command could not be recorded and did not run.");
            return;
        }

        if (claim.Kind != CommandClaimKind.Run)
        {
            await AnswerEarlierAsync(state, key, claim).ConfigureAwait(false);
            return;
        }

        // Not tied to the connection: the run ends by itself or at the command timeout, and a retry gets its outcome.
        var outcome = await RunAsync(state, message, invoker, CancellationToken.None).ConfigureAwait(false)
            ?? CommandOutcome.Failure(ProtocolErrorCodes.HandlerError, GenericFailure);
        try
        {
            await outcomes.CompleteAsync(key, outcome, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception exception)
        {
            ProjectSocketsLog.CommandOutcomeStoreFailed(logger, key.Command, state.Id, exception);
        }

        state.TryEnqueue(ProtocolWriter.Outcome(id, outcome, replayed: false));
    }

    private async Task AnswerEarlierAsync(ConnectionState state, CommandRunKey key, CommandClaim claim)
    {
        CommandOutcome outcome;
        try
        {
            outcome = await claim.Outcome!.WaitAsync(options.CommandTimeout + ReplayGrace, timeProvider, state.Lifetime.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (state.Lifetime.IsCancellationRequested)
        {
            return;
        }
        catch (TimeoutException)
        {
            Fail(state, key.CommandId, ProtocolErrorCodes.Timeout, "The first run of this command did not finish in time.");
            return;
        }
        catch (Exception exception)
        {
            // The store could not say how the first run ended (Redis unreachable): nothing runs again; a later copy asks again.
            ProjectSocketsLog.CommandOutcomeStoreFailed(logger, key.Command, state.Id, exception);
            Fail(state, key.CommandId, ProtocolErrorCodes.HandlerError, "The outcome of this command's first run could not be read; send it again.");
            return;
        }

        var replayed = claim.Kind == CommandClaimKind.Replay;
        if (replayed)
        {
            ProjectSocketsLog.CommandReplayed(logger, key.Command, state.Id);
        }

        state.TryEnqueue(ProtocolWriter.Outcome(key.CommandId, outcome, replayed));
    }

    /// <summary>Runs the command inside its span and records its duration and outcome (a replayed answer runs nothing).</summary>
    private async Task<CommandOutcome?> RunAsync(ConnectionState state, InboundMessage message, CommandInvoker invoker, CancellationToken connectionEnded)
    {
        var command = message.Command!;
        var started = timeProvider.GetTimestamp();
        using var activity = ProjectSocketsActivities.StartCommand(command, message.Project);
        var outcome = await RunCoreAsync(state, message, invoker, connectionEnded).ConfigureAwait(false);
        var tag = outcome is null ? MetricTags.Cancelled : outcome.Ok ? MetricTags.Success : outcome.ErrorCode!;
        metrics.Completed(command, tag, timeProvider.GetElapsedTime(started));
        if (tag is not MetricTags.Success)
        {
            ProjectSocketsActivities.SetError(activity, tag);
        }

        return outcome;
    }

    /// <summary>Runs the command; <see langword="null"/> when <paramref name="connectionEnded"/> stopped it.</summary>
    private async Task<CommandOutcome?> RunCoreAsync(ConnectionState state, InboundMessage message, CommandInvoker invoker, CancellationToken connectionEnded)
    {
        var command = message.Command!;
        using var timeout = new CancellationTokenSource(options.CommandTimeout, timeProvider);
        try
        {
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token, connectionEnded);
            if (!await authorizer.CanInvokeAsync(state.Request, command, message.Project, linked.Token).ConfigureAwait(false))
            {
                return CommandOutcome.Failure(ProtocolErrorCodes.Forbidden, "Not allowed to run this command.");
            }

            var scope = scopeFactory.CreateAsyncScope();
            await using var disposeScope = scope.ConfigureAwait(false);
            var context = new CommandContext(state.Id, state.Request, command, message.Id, message.Project, scope.ServiceProvider);

            // WaitAsync also ends the wait for a handler that ignores its token.
            var data = await invoker(message.Args, context, linked.Token).AsTask().WaitAsync(linked.Token).ConfigureAwait(false);
            return CommandOutcome.Success(data);
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !connectionEnded.IsCancellationRequested)
        {
            ProjectSocketsLog.CommandTimedOut(logger, command, state.Id);
            return CommandOutcome.Failure(ProtocolErrorCodes.Timeout, "The command did not finish in time.");
        }
        catch (OperationCanceledException) when (connectionEnded.IsCancellationRequested)
        {
            // The connection ended; nobody is left to answer.
            return null;
        }
        catch (InvalidCommandArgumentsException)
        {
            return CommandOutcome.Failure(ProtocolErrorCodes.InvalidArgs, "The command's arguments are not valid.");
        }
        catch (CommandException exception)
        {
            if (exception.InnerException is not null)
            {
                ProjectSocketsLog.CommandFailed(logger, command, state.Id, exception);
            }

            return CommandOutcome.Failure(exception.Code, exception.Message);
        }
        catch (Exception exception)
        {
            ProjectSocketsLog.CommandFailed(logger, command, state.Id, exception);
            return CommandOutcome.Failure(ProtocolErrorCodes.HandlerError, GenericFailure);
        }
    }
}
