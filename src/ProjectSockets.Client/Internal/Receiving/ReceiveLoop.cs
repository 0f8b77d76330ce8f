using System.Buffers;
using System.Net.WebSockets;

namespace ProjectSockets.Client.Internal;

/// <summary>
/// A connection's only reader: reads whole WebSocket messages (bounded by
/// <see cref="ProjectSocketsClientOptions.MaxReceiveMessageBytes"/>), hands each to the <see cref="ServerMessageRouter"/>,
/// answers the server's close, and reports how the connection ended. When it ends, every command of the connection still
/// waiting for a result fails.
/// </summary>
/// <param name="context">The client's settings and clock.</param>
/// <param name="router">Handles the messages read.</param>
internal sealed class ReceiveLoop(ClientContext context, ServerMessageRouter router)
{
    private const int ReadChunkBytes = 16 * 1024;

    /// <summary>Starts reading <paramref name="session"/>; the task ends, never throws, when the connection does.</summary>
    public Task<SessionOutcome> Start(ClientSession session) => Task.Run(() => RunAsync(session));

    private async Task<SessionOutcome> RunAsync(ClientSession session)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(Math.Min(ReadChunkBytes, context.Options.MaxReceiveMessageBytes + 1));
        var outcome = new SessionOutcome(null, "connection lost", null, null);
        try
        {
            while (true)
            {
                var length = 0;
                var max = context.Options.MaxReceiveMessageBytes;
                ValueWebSocketReceiveResult result;
                do
                {
                    if (length == buffer.Length)
                    {
                        buffer = Grow(buffer, length, (int)Math.Min((long)buffer.Length * 2, max + 1L));
                    }

                    // Never read past max + 1 bytes: one byte too many is enough to know the message is too large.
                    var room = (int)Math.Min(buffer.Length, max + 1L) - length;
                    result = await session.Socket.ReceiveAsync(buffer.AsMemory(length, room), session.Lifetime).ConfigureAwait(false);
                    length += result.Count;
                }
                while (!result.EndOfMessage && result.MessageType != WebSocketMessageType.Close && length <= max);

                if (length > max)
                {
                    await CloseTooBigAsync(session).ConfigureAwait(false);
                    outcome = new SessionOutcome(ProtocolCloseCodes.MessageTooBig, "message from the server too large", false, null);
                    return outcome;
                }

                session.Heartbeat.MarkHeard();
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    outcome = await AnswerCloseAsync(session).ConfigureAwait(false);
                    return outcome;
                }

                if (result.MessageType == WebSocketMessageType.Binary)
                {
                    continue;
                }

                await router.HandleBatchAsync(session, buffer.AsMemory(0, length)).ConfigureAwait(false);
            }
        }
        catch (Exception exception)
        {
            // However the connection broke (or a bug surfaced here), the loop reports it rather than throws.
            var disconnected = session.Disconnected;
            outcome = new SessionOutcome(disconnected?.Code, session.AbortReason ?? disconnected?.Reason ?? "connection lost", disconnected?.Reconnect, exception);
            return outcome;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
            session.Heartbeat.Dispose();
            session.Welcome.TrySetException(outcome.ToException("The connection ended before the server's welcome."));

            // No result can come any more: whoever waits for one (a resubscription of a connection still being opened,
            // too) learns it now, not when a timeout runs out.
            session.Commands.FailAll(outcome.ToException("The connection was lost before the command's result arrived; it may or may not have run."));
        }
    }

    private static byte[] Grow(byte[] buffer, int used, int size)
    {
        var larger = ArrayPool<byte>.Shared.Rent(size);
        buffer.AsSpan(0, used).CopyTo(larger);
        ArrayPool<byte>.Shared.Return(buffer);
        return larger;
    }

    private async Task<SessionOutcome> AnswerCloseAsync(ClientSession session)
    {
        var code = (int?)session.Socket.CloseStatus;
        var reason = session.Socket.CloseStatusDescription;
        try
        {
            using var timeout = new CancellationTokenSource(context.Options.CloseTimeout, context.TimeProvider);
            await session.CloseOutputAsync(code ?? ProtocolCloseCodes.Normal, string.Empty, timeout.Token).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is WebSocketException or IOException or OperationCanceledException or ObjectDisposedException)
        {
            // The server has gone already; its close frame said all there is.
        }

        var disconnected = session.Disconnected;
        return new SessionOutcome(code, string.IsNullOrEmpty(reason) ? disconnected?.Reason : reason, disconnected?.Reconnect, null);
    }

    private async Task CloseTooBigAsync(ClientSession session)
    {
        try
        {
            using var timeout = new CancellationTokenSource(context.Options.CloseTimeout, context.TimeProvider);
            await session.CloseOutputAsync(ProtocolCloseCodes.MessageTooBig, "message too large", timeout.Token).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is WebSocketException or IOException or OperationCanceledException or ObjectDisposedException)
        {
            // Best effort: the connection ends either way.
        }

        session.Abort("message from the server too large");
    }
}
