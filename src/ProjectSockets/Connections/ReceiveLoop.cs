using System.Text.Unicode;

namespace ProjectSockets;

internal sealed partial class WebSocketManager
{
    /// <summary>
    /// Reads whole messages until the client's close frame, an error, or the end of the connection's lifetime.
    /// Once the connection is closing, what arrives is no longer handled.
    /// </summary>
    /// <returns>The client's close code when it sent a close frame.</returns>
    private async Task<int?> ReceiveLoopAsync(ConnectionState state)
    {
        var buffer = new PooledBufferWriter();
        var token = state.Lifetime.Token;
        try
        {
            while (true)
            {
                var result = await state.Connection.ReceiveAsync(buffer, _options.MaxMessageBytes, token);
                state.MarkHeard();
                switch (result.MessageType)
                {
                    case ReceivedMessageType.Close:
                        return result.CloseStatus ?? ProtocolCloseCodes.Normal;
                    case ReceivedMessageType.Rejected:
                        // Ends like a broken connection but without the abort, which could discard the transport's
                        // close frame; no 'disconnected' either, as nothing may follow that frame.
                        ProjectSocketsLog.ConnectionRejected(_logger, state.Id);
                        return null;
                    case ReceivedMessageType.Binary:
                        ClosePolicy(state, ProtocolCloseCodes.UnsupportedData, "binary messages are not supported");
                        break;
                    case ReceivedMessageType.TooLarge:
                        ClosePolicy(state, ProtocolCloseCodes.MessageTooBig, "message too large");
                        break;
                    case ReceivedMessageType.Text when !state.IsClosing:
                        if (!Utf8.IsValid(buffer.WrittenSpan))
                        {
                            ClosePolicy(state, ProtocolCloseCodes.InvalidPayload, "invalid UTF-8");
                            break;
                        }

                        await HandleTextAsync(state, buffer.WrittenSpan);
                        break;
                }

                buffer.Reset();
            }
        }
        catch (Exception exception) when (exception is OperationCanceledException or IOException or System.Net.WebSockets.WebSocketException or ObjectDisposedException)
        {
            ProjectSocketsLog.ConnectionFaulted(_logger, state.Id, exception);
            state.Connection.Abort();
            return null;
        }
        finally
        {
            buffer.Reset();
        }
    }

    private void ClosePolicy(ConnectionState state, int code, string reason)
    {
        // What is queued (the answers that explain the close) goes first, bounded by the queue and the close timeout.
        if (state.RequestClose(code, reason, sendDisconnected: true, discardPending: false))
        {
            ProjectSocketsLog.PolicyClose(_logger, state.Id, reason);
        }
    }

    private Task HandleTextAsync(ConnectionState state, ReadOnlySpan<byte> utf8)
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

            await HandleAsync(state, message);
        }
    }

    private Task HandleAsync(ConnectionState state, InboundMessage message)
    {
        if (!message.IsValid)
        {
            // Counted before the answer is queued: once the client sees the error, it has been counted.
            var overBudget = state.CountProtocolError();
            Fail(state, message.Id, ProtocolErrorCodes.BadRequest, message.ErrorMessage!);
            if (overBudget)
            {
                ClosePolicy(state, ProtocolCloseCodes.PolicyViolation, "too many protocol errors");
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

        if (!state.TryTakeCommandToken())
        {
            var overBudget = state.CountRateLimited();
            Fail(state, message.Id, ProtocolErrorCodes.RateLimited, "Too many commands; slow down.");
            if (overBudget)
            {
                ClosePolicy(state, ProtocolCloseCodes.PolicyViolation, "sustained flooding");
            }

            return Task.CompletedTask;
        }

        switch (message.Command)
        {
            case CommandRegistry.Subscribe:
                return SubscribeAsync(state, message);
            case CommandRegistry.Unsubscribe:
                Unsubscribe(state, message);
                return Task.CompletedTask;
        }

        if (!_commands.TryGet(message.Command!, out var invoker))
        {
            Fail(state, message.Id, ProtocolErrorCodes.UnknownCommand, "No command is registered under this name.");
            return Task.CompletedTask;
        }

        // Host handlers run beside the receive loop: a slow or hung handler never blocks the connection.
        _ = InvokeAsync(state, message, invoker);
        return Task.CompletedTask;
    }

    private static void Fail(ConnectionState state, string? id, string code, string message)
        => state.TryEnqueue(ProtocolWriter.Failure(id, code, message));
}
