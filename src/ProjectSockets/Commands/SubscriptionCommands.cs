using Microsoft.Extensions.DependencyInjection;

namespace ProjectSockets;

internal sealed partial class WebSocketManager
{
    private const string GenericFailure = "The command failed.";

    private async Task SubscribeAsync(ConnectionState state, InboundMessage message)
    {
        if (message.Project is not { } project)
        {
            Fail(state, message.Id, ProtocolErrorCodes.BadRequest, "'subscribe' needs a project.");
            return;
        }

        var (arguments, code, problem) = SubscribeArguments.Read(message.Args);
        if (arguments is null)
        {
            Fail(state, message.Id, code!, problem!);
            return;
        }

        if (!state.IsSubscribed(project) && state.SubscriptionCount >= _options.MaxSubscriptionsPerConnection)
        {
            Fail(state, message.Id, ProtocolErrorCodes.LimitExceeded, $"At most {_options.MaxSubscriptionsPerConnection} subscriptions are allowed per connection.");
            return;
        }

        try
        {
            if (!await _authorizer.CanSubscribeAsync(state.Request, project, state.Lifetime.Token))
            {
                Fail(state, message.Id, ProtocolErrorCodes.Forbidden, "Not allowed to subscribe to this project.");
                return;
            }

            // A subscribe without id still succeeds silently; its replay, if any, is sent all the same.
            var id = message.Id;
            await AttachAsync(state, project, arguments.Filter, arguments.Since, arguments.Epoch,
                position => id is null ? null : ProtocolWriter.SubscribeResult(id, position));
        }
        catch (Exception exception) when (!state.Lifetime.IsCancellationRequested)
        {
            // The authorizer and the store are the host's code or a backplane that may be unreachable: a failure there
            // fails this command, not the connection, and the client may try again.
            ProjectSocketsLog.SubscribeFailed(_logger, project, state.Id, exception);
            Fail(state, message.Id, ProtocolErrorCodes.HandlerError, "The subscription could not be made now; try again.");
        }
    }

    private void Unsubscribe(ConnectionState state, InboundMessage message)
    {
        if (message.Project is not { } project)
        {
            Fail(state, message.Id, ProtocolErrorCodes.BadRequest, "'unsubscribe' needs a project.");
            return;
        }

        RemoveSubscriber(state, project);
        if (message.Id is { } id)
        {
            state.TryEnqueue(ProtocolWriter.UnsubscribeResult(id, project));
        }
    }

    private async Task InvokeAsync(ConnectionState state, InboundMessage message, CommandInvoker invoker)
    {
        var command = message.Command!;
        using var timeout = new CancellationTokenSource(_options.CommandTimeout, _timeProvider);
        try
        {
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token, state.Lifetime.Token);
            if (!await _authorizer.CanInvokeAsync(state.Request, command, message.Project, linked.Token))
            {
                Fail(state, message.Id, ProtocolErrorCodes.Forbidden, "Not allowed to run this command.");
                return;
            }

            await using var scope = _scopeFactory.CreateAsyncScope();
            var context = new CommandContext(state.Id, state.Request, command, message.Id, message.Project, scope.ServiceProvider);

            // WaitAsync also ends the wait for a handler that ignores its token.
            var data = await invoker(message.Args, context, linked.Token).AsTask().WaitAsync(linked.Token);
            if (message.Id is { } id)
            {
                state.TryEnqueue(ProtocolWriter.Result(id, data));
            }
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !state.Lifetime.IsCancellationRequested)
        {
            ProjectSocketsLog.CommandTimedOut(_logger, command, state.Id);
            Fail(state, message.Id, ProtocolErrorCodes.Timeout, "The command did not finish in time.");
        }
        catch (OperationCanceledException) when (state.Lifetime.IsCancellationRequested)
        {
            // The connection ended; nobody is left to answer.
        }
        catch (InvalidCommandArgumentsException)
        {
            Fail(state, message.Id, ProtocolErrorCodes.InvalidArgs, "The command's arguments are not valid.");
        }
        catch (CommandException exception)
        {
            if (exception.InnerException is not null)
            {
                ProjectSocketsLog.CommandFailed(_logger, command, state.Id, exception);
            }

            Fail(state, message.Id, exception.Code, exception.Message);
        }
        catch (Exception exception)
        {
            ProjectSocketsLog.CommandFailed(_logger, command, state.Id, exception);
            Fail(state, message.Id, ProtocolErrorCodes.HandlerError, GenericFailure);
        }
    }
}
