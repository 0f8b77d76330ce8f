using System.Text.Json;
using ProjectSockets.Client.Internal;

namespace ProjectSockets.Client;

public sealed partial class ProjectSocketsClient
{
    private void OnWelcome(ClientSession session, JsonElement message)
    {
        session.ConnectionId = message.GetProperty("connectionId").GetString();
        var heartbeat = message.GetProperty("heartbeat");
        session.HeartbeatInterval = TimeSpan.FromMilliseconds(heartbeat.GetProperty("intervalMs").GetInt64());
        session.HeartbeatTimeout = TimeSpan.FromMilliseconds(heartbeat.GetProperty("timeoutMs").GetInt64());
        foreach (var subscription in message.GetProperty("subscriptions").EnumerateArray())
        {
            var position = SubscriptionPositionReader.Read(subscription);
            ProjectState? state;
            lock (_gate)
            {
                if (!_projects.TryGetValue(position.Project, out state))
                {
                    state = new ProjectState(position.Project, null, null);
                    _projects.Add(position.Project, state);
                }
            }

            ApplyPosition(state, position);
        }

        StartHeartbeat(session);
        session.Welcome.TrySetResult(session.ConnectionId ?? string.Empty);
    }

    /// <summary>
    /// Takes a subscription's position from the server (subscribe result or <c>welcome</c>), on the receive loop and so
    /// before any later event: a first subscription starts at it, a resumed one goes on, a failed resume is reported.
    /// </summary>
    private void ApplyPosition(ProjectState state, SubscriptionPosition position)
    {
        string? previousEpoch;
        long lastSeq;
        lock (_gate)
        {
            if (!_projects.TryGetValue(state.Project, out var current) || !ReferenceEquals(current, state))
            {
                return;
            }

            var resumed = state.Active;
            state.Resuming = false;
            previousEpoch = state.Epoch;
            lastSeq = state.LastSeq;
            state.Active = true;
            if (resumed && position.Recovered)
            {
                return;
            }

            state.Epoch = position.Epoch;
            state.LastSeq = position.Seq;
            if (!resumed)
            {
                return;
            }
        }

        ProjectSocketsClientLog.RecoveryFailed(_logger, position.Project, lastSeq, position.Seq);
        Raise(RecoveryFailed, new ProjectSocketsRecoveryFailedEventArgs(position.Project, previousEpoch, position.Epoch, lastSeq, position.Seq), nameof(RecoveryFailed));
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
            message.TryGetProperty("time", out var time) ? time.GetDateTimeOffset() : _timeProvider.GetUtcNow(),
            message.TryGetProperty("data", out var data) ? data.Clone() : default,
            _options.JsonSerializerOptions);

        if (seq is null || project is null || epoch is null)
        {
            // Sent to this connection alone: outside every sequence, so neither deduplicated nor buffered.
            await DispatchAsync(session, evt, null);
            return;
        }

        ProjectState? state;
        string? previousEpoch = null;
        long lastSeq = 0;
        var epochChanged = false;
        lock (_gate)
        {
            if (!_projects.TryGetValue(project, out state) || !state.Active || state.Resuming)
            {
                // Not (or not yet again) subscribed on this connection: a resumed subscription gets every event after
                // its position in the replay that follows the subscribe result.
                state = null;
            }
            else if (!string.Equals(state.Epoch, epoch, StringComparison.Ordinal))
            {
                // The project's history was lost while this connection was open: report the gap, go on from here.
                epochChanged = true;
                previousEpoch = state.Epoch;
                lastSeq = state.LastSeq;
                state.Epoch = epoch;
                state.LastSeq = seq.Value - 1;
            }
            else if (seq <= state.LastSeq)
            {
                Interlocked.Increment(ref _duplicatesDropped);
                ProjectSocketsClientLog.DuplicateDropped(_logger, project, seq.Value);
                return;
            }
        }

        if (state is null)
        {
            ProjectSocketsClientLog.UnsubscribedEventDropped(_logger, project);
            return;
        }

        if (epochChanged)
        {
            ProjectSocketsClientLog.RecoveryFailed(_logger, project, lastSeq, seq.Value - 1);
            Raise(RecoveryFailed, new ProjectSocketsRecoveryFailedEventArgs(project, previousEpoch, epoch, lastSeq, seq.Value - 1), nameof(RecoveryFailed));
        }

        await DispatchAsync(session, evt, state);
        lock (_gate)
        {
            state.LastSeq = seq.Value;
        }
    }

    private async Task DispatchAsync(ClientSession session, ProjectSocketsEvent evt, ProjectState? state)
    {
        session.SetDispatching(true);
        try
        {
            foreach (var entry in _handlers.Entries)
            {
                if (!entry.Filter.Matches(evt.Name))
                {
                    continue;
                }

                try
                {
                    await entry.Invoke(evt);
                }
                catch (Exception exception)
                {
                    ProjectSocketsClientLog.HandlerFailed(_logger, evt.Name, exception);
                }
            }

            if (state?.Subscription is { } subscription)
            {
                // Backpressure: a full buffer holds the receive loop here, so the server's queue fills instead of ours.
                await subscription.WriteAsync(evt, _disposing.Token);
            }
        }
        finally
        {
            session.SetDispatching(false);
            session.MarkHeard();
        }
    }
}
