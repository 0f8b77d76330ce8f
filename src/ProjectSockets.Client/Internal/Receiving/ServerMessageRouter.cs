using System.Text.Json;

namespace ProjectSockets.Client.Internal;

/// <summary>
/// Turns one WebSocket message from the server into its newline-separated messages and hands each, in order, to the
/// part whose job it is: events to the <see cref="SubscriptionTracker"/> and the <see cref="HandlerDispatcher"/>,
/// results to the <see cref="CommandCorrelator"/>, <c>welcome</c> to the tracker and the <see cref="HeartbeatMonitor"/>.
/// A message that cannot be read is logged and skipped.
/// </summary>
/// <param name="context">The client's settings, clock and log.</param>
/// <param name="tracker">Where the subscriptions stand.</param>
/// <param name="handlers">Hands events to the application.</param>
/// <param name="heartbeat">Starts the connection's heartbeat on <c>welcome</c>.</param>
/// <param name="refresher">Answers <c>credentials_expiring</c> with a <c>refresh</c>.</param>
internal sealed class ServerMessageRouter(ClientContext context, SubscriptionTracker tracker, HandlerDispatcher handlers, HeartbeatMonitor heartbeat, CredentialRefresher refresher)
{
    /// <summary>Handles each newline-separated message of one WebSocket message, in order.</summary>
    public async Task HandleBatchAsync(ClientSession session, ReadOnlyMemory<byte> batch)
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
                ProjectSocketsClientLog.MalformedMessage(context.Logger, exception);
                continue;
            }

            using (document)
            {
                await HandleMessageAsync(session, document.RootElement).ConfigureAwait(false);
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
                    await OnEventAsync(session, message).ConfigureAwait(false);
                    break;
                case "result":
                    CommandCorrelator.Complete(session, message);
                    break;
                case "ping":
                    await session.SendAsync(ClientMessageWriter.Pong, session.Lifetime).ConfigureAwait(false);
                    break;
                case "welcome":
                    OnWelcome(session, message);
                    break;
                case "credentials_expiring":
                    refresher.Start(session);
                    break;
                case "disconnected":
                    session.Disconnected = (
                        message.GetProperty("code").GetInt32(),
                        message.TryGetProperty("reason", out var reason) ? reason.GetString() ?? string.Empty : string.Empty,
                        message.TryGetProperty("reconnect", out var reconnect) && reconnect.ValueKind == JsonValueKind.True);
                    break;
                case "error":
                    var error = message.GetProperty("error");
                    ProjectSocketsClientLog.ServerError(context.Logger, error.GetProperty("code").GetString(), error.GetProperty("message").GetString());
                    break;
            }
        }
        catch (Exception exception) when (exception is KeyNotFoundException or InvalidOperationException or FormatException or JsonException)
        {
            ProjectSocketsClientLog.MalformedMessage(context.Logger, exception);
        }
    }

    private void OnWelcome(ClientSession session, JsonElement message)
    {
        session.ConnectionId = message.GetProperty("connectionId").GetString();
        if (message.TryGetProperty("session", out var sessionInfo) && sessionInfo.ValueKind == JsonValueKind.Object)
        {
            session.Commands.SessionWindow = TimeSpan.FromMilliseconds(sessionInfo.GetProperty("windowMs").GetInt64());
        }

        var figures = message.GetProperty("heartbeat");
        session.Heartbeat.Interval = TimeSpan.FromMilliseconds(figures.GetProperty("intervalMs").GetInt64());
        session.Heartbeat.Timeout = TimeSpan.FromMilliseconds(figures.GetProperty("timeoutMs").GetInt64());
        foreach (var subscription in message.GetProperty("subscriptions").EnumerateArray())
        {
            tracker.ApplyWelcome(SubscriptionPositionReader.Read(subscription));
        }

        heartbeat.Start(session);
        session.Welcome.TrySetResult(session.ConnectionId ?? string.Empty);
    }

    /// <summary>
    /// Delivers one event: to the matching handlers, then to the subscription's buffer (waiting for room), once. An
    /// event at or below the last delivered seq of its project is a duplicate from around a resume and is dropped.
    /// </summary>
    private async Task OnEventAsync(ClientSession session, JsonElement message)
    {
        var project = message.TryGetProperty("project", out var p) ? p.GetString() : null;
        long? seq = message.TryGetProperty("seq", out var s) && s.ValueKind == JsonValueKind.Number ? s.GetInt64() : null;
        var epoch = message.TryGetProperty("epoch", out var e) ? e.GetString() : null;
        var evt = new ProjectSocketsEvent(
            project,
            message.GetProperty("event").GetString()!,
            seq,
            epoch,
            message.TryGetProperty("time", out var time) ? time.GetDateTimeOffset() : context.TimeProvider.GetUtcNow(),
            message.TryGetProperty("data", out var data) ? data.Clone() : default,
            context.Options.JsonSerializerOptions);

        if (seq is null || project is null || epoch is null)
        {
            // Sent to this connection alone: outside every sequence, so neither deduplicated nor buffered.
            await handlers.DispatchAsync(session, evt, null).ConfigureAwait(false);
            return;
        }

        if (tracker.Admit(project, seq.Value, epoch) is not { } state)
        {
            return;
        }

        await handlers.DispatchAsync(session, evt, state).ConfigureAwait(false);
        tracker.MarkDelivered(state, seq.Value);
    }
}
