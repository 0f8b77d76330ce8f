namespace ProjectSockets;

/// <summary>
/// Answers what a client sends: malformed messages and the protocol-error budget, ping and pong, the command rate
/// limit, the built-in <c>subscribe</c> and <c>unsubscribe</c> (<see cref="SubscriptionCommands"/>), <c>history</c>
/// (<see cref="HistoryCommand"/>), <c>presence</c> (<see cref="PresenceCommand"/>) and <c>refresh</c>
/// (<see cref="RefreshCommand"/>), and the host's commands (<see cref="HostCommandRunner"/>), which run beside the
/// receive loop.
/// </summary>
internal sealed class CommandDispatcher(
    CommandRegistry commands, SubscriptionCommands subscriptions, HistoryCommand history, PresenceCommand presence, HostCommandRunner hostCommands, RefreshCommand refresh)
{
    public Task HandleTextAsync(ConnectionState state, ReadOnlySpan<byte> utf8)
    {
        var messages = InboundMessageParser.Parse(utf8);
        return messages.Count == 1 ? HandleAsync(state, messages[0]) : HandleAllAsync(state, messages);
    }

    private async Task HandleAllAsync(ConnectionState state, List<InboundMessage> messages)
    {
        foreach (var message in messages)
        {
            if (state.IsClosing)
            {
                return;
            }

            await HandleAsync(state, message).ConfigureAwait(false);
        }
    }

    private Task HandleAsync(ConnectionState state, InboundMessage message)
    {
        if (!message.IsValid)
        {
            // Counted before the answer is queued: once the client sees the error, it has been counted.
            var overBudget = state.Limits.CountProtocolError();
            Fail(state, message.Id, ProtocolErrorCodes.BadRequest, message.ErrorMessage!);
            if (overBudget)
            {
                PolicyClose.Request(state, ProtocolCloseCodes.PolicyViolation, "too many protocol errors");
            }

            return Task.CompletedTask;
        }

        switch (message.Type)
        {
            case InboundMessageType.Ping:
                state.TryEnqueuePong();
                return Task.CompletedTask;
            case InboundMessageType.Pong:
                return Task.CompletedTask;
        }

        if (!state.Limits.TryTakeCommandToken())
        {
            state.Metrics.Commands.RateLimited();
            var overBudget = state.Limits.CountRateLimited();
            Fail(state, message.Id, ProtocolErrorCodes.RateLimited, "Too many commands; slow down.");
            if (overBudget)
            {
                PolicyClose.Request(state, ProtocolCloseCodes.PolicyViolation, "sustained flooding");
            }

            return Task.CompletedTask;
        }

        switch (message.Command)
        {
            case CommandRegistry.Subscribe:
                return subscriptions.SubscribeAsync(state, message);
            case CommandRegistry.Unsubscribe:
                subscriptions.Unsubscribe(state, message);
                return Task.CompletedTask;
            case CommandRegistry.History:
                return history.ReadAsync(state, message);
            case CommandRegistry.Refresh:
                return refresh.RefreshAsync(state, message);
            case CommandRegistry.Presence:
                return presence.RunAsync(state, message);
        }

        if (!commands.TryGet(message.Command!, out var invoker))
        {
            // Timed as "_OTHER": a name the client made up must not become a series of its own.
            state.Metrics.Commands.Completed(MetricTags.OtherCommand, ProtocolErrorCodes.UnknownCommand, TimeSpan.Zero);
            Fail(state, message.Id, ProtocolErrorCodes.UnknownCommand, "No command is registered under this name.");
            return Task.CompletedTask;
        }

        // Host handlers run beside the receive loop: a slow or hung handler never blocks the connection.
        _ = hostCommands.InvokeAsync(state, message, invoker);
        return Task.CompletedTask;
    }

    /// <summary>Queues an error answer to the command <paramref name="id"/> (or to a message without id).</summary>
    public static void Fail(ConnectionState state, string? id, string code, string message)
        => state.TryEnqueue(ProtocolWriter.Failure(id, code, message));
}
