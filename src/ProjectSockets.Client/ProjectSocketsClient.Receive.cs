using System.Buffers;
using System.Net.WebSockets;
using System.Text.Json;
using ProjectSockets.Client.Internal;

namespace ProjectSockets.Client;

public sealed partial class ProjectSocketsClient
{
    private const int ReadChunkBytes = 16 * 1024;

    /// <summary>
    /// The connection's only reader: reads whole WebSocket messages (bounded by
    /// <see cref="ProjectSocketsClientOptions.MaxReceiveMessageBytes"/>), splits batches on <c>\n</c> and handles each
    /// message in order. Ends, never throws, when the connection does.
    /// </summary>
    private async Task<SessionOutcome> ReceiveLoopAsync(ClientSession session)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(Math.Min(ReadChunkBytes, _options.MaxReceiveMessageBytes + 1));
        var outcome = new SessionOutcome(null, "connection lost", null, null);
        try
        {
            while (true)
            {
                var length = 0;
                var max = _options.MaxReceiveMessageBytes;
                ValueWebSocketReceiveResult result;
                do
                {
                    if (length == buffer.Length)
                    {
                        buffer = Grow(buffer, length, (int)Math.Min((long)buffer.Length * 2, max + 1L));
                    }

                    // Never read past max + 1 bytes: one byte too many is enough to know the message is too large.
                    var room = (int)Math.Min(buffer.Length, max + 1L) - length;
                    result = await session.Socket.ReceiveAsync(buffer.AsMemory(length, room), session.Lifetime);
                    length += result.Count;
                }
                while (!result.EndOfMessage && result.MessageType != WebSocketMessageType.Close && length <= max);

                if (length > max)
                {
                    await CloseTooBigAsync(session);
                    outcome = new SessionOutcome(ProtocolCloseCodes.MessageTooBig, "message from the server too large", false, null);
                    return outcome;
                }

                session.MarkHeard();
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    outcome = await AnswerCloseAsync(session);
                    return outcome;
                }

                if (result.MessageType == WebSocketMessageType.Binary)
                {
                    continue;
                }

                await HandleBatchAsync(session, buffer.AsMemory(0, length));
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
            session.HeartbeatTimer?.Dispose();
            session.Welcome.TrySetException(outcome.ToException("The connection ended before the server's welcome."));

            // No result can come any more: whoever waits for one (a resubscription of a connection still being opened,
            // too) learns it now, not when a timeout runs out.
            session.FailPending(outcome.ToException("The connection was lost before the command's result arrived; it may or may not have run, and is not sent again."));
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
            using var timeout = new CancellationTokenSource(_options.CloseTimeout, _timeProvider);
            await session.CloseOutputAsync(code ?? ProtocolCloseCodes.Normal, string.Empty, timeout.Token);
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
            using var timeout = new CancellationTokenSource(_options.CloseTimeout, _timeProvider);
            await session.CloseOutputAsync(ProtocolCloseCodes.MessageTooBig, "message too large", timeout.Token);
        }
        catch (Exception exception) when (exception is WebSocketException or IOException or OperationCanceledException or ObjectDisposedException)
        {
            // Best effort: the connection ends either way.
        }

        session.Abort("message from the server too large");
    }

    /// <summary>Handles each newline-separated message of one WebSocket message, in order.</summary>
    private async Task HandleBatchAsync(ClientSession session, ReadOnlyMemory<byte> batch)
    {
        while (!batch.IsEmpty)
        {
            var newline = batch.Span.IndexOf((byte)'\n');
            var line = newline < 0 ? batch : batch[..newline];
            batch = newline < 0 ? ReadOnlyMemory<byte>.Empty : batch[(newline + 1)..];
            if (line.Span.Trim(" \r\t"u8).IsEmpty)
            {
                continue;
            }

            JsonDocument document;
            try
            {
                document = JsonDocument.Parse(line);
            }
            catch (JsonException exception)
            {
                ProjectSocketsClientLog.MalformedMessage(_logger, exception);
                continue;
            }

            using (document)
            {
                await HandleMessageAsync(session, document.RootElement);
            }
        }
    }

    private async Task HandleMessageAsync(ClientSession session, JsonElement message)
    {
        try
        {
            switch (message.GetProperty("type").GetString())
            {
                case "event":
                    await OnEventAsync(session, message);
                    break;
                case "result":
                    OnResult(session, message);
                    break;
                case "ping":
                    await session.SendAsync(ClientMessageWriter.Pong, session.Lifetime);
                    break;
                case "welcome":
                    OnWelcome(session, message);
                    break;
                case "disconnected":
                    session.Disconnected = (
                        message.GetProperty("code").GetInt32(),
                        message.TryGetProperty("reason", out var reason) ? reason.GetString() ?? string.Empty : string.Empty,
                        message.TryGetProperty("reconnect", out var reconnect) && reconnect.ValueKind == JsonValueKind.True);
                    break;
                case "error":
                    var error = message.GetProperty("error");
                    ProjectSocketsClientLog.ServerError(_logger, error.GetProperty("code").GetString(), error.GetProperty("message").GetString());
                    break;
            }
        }
        catch (Exception exception) when (exception is KeyNotFoundException or InvalidOperationException or FormatException or JsonException)
        {
            ProjectSocketsClientLog.MalformedMessage(_logger, exception);
        }
    }

    private void OnResult(ClientSession session, JsonElement message)
    {
        if (message.GetProperty("id").GetString() is not { } id || !session.TryTakePending(id, out var pending))
        {
            return;
        }

        if (message.TryGetProperty("ok", out var ok) && ok.ValueKind == JsonValueKind.True)
        {
            pending!.Succeed(message.TryGetProperty("data", out var data) ? data.Clone() : default);
            return;
        }

        var error = message.GetProperty("error");
        pending!.Fail(new ProjectSocketsCommandException(
            pending.Command,
            error.GetProperty("code").GetString() ?? ProtocolErrorCodes.HandlerError,
            error.TryGetProperty("message", out var text) ? text.GetString() ?? string.Empty : string.Empty));
    }
}
