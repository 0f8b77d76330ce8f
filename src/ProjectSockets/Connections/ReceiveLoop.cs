using System.Text.Unicode;
using Microsoft.Extensions.Logging;

namespace ProjectSockets;

/// <summary>
/// A connection's receive loop: reads whole messages, refuses binary, oversized and invalid UTF-8 ones with a policy
/// close, and hands text to the <see cref="CommandDispatcher"/>.
/// </summary>
internal sealed class ReceiveLoop(ProjectSocketsOptions options, CommandDispatcher dispatcher, ILogger logger)
{
    /// <summary>
    /// Reads whole messages until the client's close frame, an error, or the end of the connection's lifetime.
    /// Once the connection is closing, what arrives is no longer handled.
    /// </summary>
    /// <returns>The client's close code when it sent a close frame.</returns>
    public async Task<int?> RunAsync(ConnectionState state)
    {
        var buffer = new PooledBufferWriter();
        var token = state.Lifetime.Token;
        try
        {
            while (true)
            {
                var result = await state.Connection.ReceiveAsync(buffer, options.MaxMessageBytes, token).ConfigureAwait(false);
                state.Heartbeat.MarkHeard();
                if (result.MessageType is ReceivedMessageType.Text or ReceivedMessageType.Binary)
                {
                    state.Metrics.Connections.Received(buffer.WrittenSpan.Length);
                }
                switch (result.MessageType)
                {
                    case ReceivedMessageType.Close:
                        return result.CloseStatus ?? ProtocolCloseCodes.Normal;
                    case ReceivedMessageType.Rejected:
                        // Ends like a broken connection but without the abort, which could discard the transport's
                        // close frame; no 'disconnected' either, as nothing may follow that frame.
                        ProjectSocketsLog.ConnectionRejected(logger, state.Id);
                        return null;
                    case ReceivedMessageType.Binary:
                        PolicyClose.Request(state, ProtocolCloseCodes.UnsupportedData, "binary messages are not supported");
                        break;
                    case ReceivedMessageType.TooLarge:
                        PolicyClose.Request(state, ProtocolCloseCodes.MessageTooBig, "message too large");
                        break;
                    case ReceivedMessageType.Text when !state.IsClosing:
                        if (!Utf8.IsValid(buffer.WrittenSpan))
                        {
                            PolicyClose.Request(state, ProtocolCloseCodes.InvalidPayload, "invalid UTF-8");
                            break;
                        }

                        await dispatcher.HandleTextAsync(state, buffer.WrittenSpan).ConfigureAwait(false);
                        break;
                }

                buffer.Reset();
            }
        }
        catch (Exception exception) when (exception is OperationCanceledException or IOException or System.Net.WebSockets.WebSocketException or ObjectDisposedException)
        {
            ProjectSocketsLog.ConnectionFaulted(logger, state.Id, exception);
            state.Connection.Abort();
            return null;
        }
        finally
        {
            buffer.Reset();
        }
    }
}
