namespace ProjectSockets;

/// <summary>Publishing through the manager: validation, the one serialization, the span and the publish count.</summary>
internal sealed partial class WebSocketManager
{
    public ValueTask<PublishResult> BroadcastAsync(string project, string eventName, object? data, CancellationToken cancellationToken = default)
        => BroadcastAsync(project, eventName, data, options: null, cancellationToken);

    /// <summary>Broadcasts with per-publish settings (an idempotency key).</summary>
    public ValueTask<PublishResult> BroadcastAsync(string project, string eventName, object? data, PublishOptions? options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(project);
        ArgumentNullException.ThrowIfNull(eventName);
        if (!ProtocolNames.IsValidProject(project))
        {
            throw new ArgumentException($"'{project}' is not a valid project id.", nameof(project));
        }

        if (!ProtocolNames.IsValidName(eventName))
        {
            throw new ArgumentException($"'{eventName}' is not a valid event name.", nameof(eventName));
        }

        var key = options?.IdempotencyKey;
        if (key is not null && !PublishOptions.IsValidIdempotencyKey(key))
        {
            throw new ArgumentException("The idempotency key must be 1 to 128 printable ASCII characters.", nameof(options));
        }

        if (ProjectSocketsActivities.IsEnabled)
        {
            return BroadcastTracedAsync(project, eventName, data, key, cancellationToken);
        }

        var append = Append(project, eventName, data, key, cancellationToken);
        if (append.IsCompletedSuccessfully)
        {
            CountPublished(append.Result);
            return append;
        }

        return CountPublishedAsync(append);
    }

    private ValueTask<PublishResult> Append(string project, string eventName, object? data, string? idempotencyKey, CancellationToken cancellationToken)
    {
        // Serialized once: every subscriber, and the history, share the bytes the store encodes from this. The
        // writers are woken once the store has returned, so not under its lock (see SendQueueWaker).
        using var wakeUps = _waker.BeginBatch();
        return EventDataSerializer.AppendAsync(_fanout.Store, project, eventName, data, idempotencyKey, _options.JsonSerializerOptions, _options.MaxEventBytes, cancellationToken);
    }

    /// <summary>Counts a publish that stored an event; a repeated idempotency key stores nothing and is not counted.</summary>
    private void CountPublished(PublishResult result)
    {
        if (!result.Duplicate)
        {
            _fanout.Metrics.Published();
        }
    }

    private async ValueTask<PublishResult> CountPublishedAsync(ValueTask<PublishResult> append)
    {
        var result = await append.ConfigureAwait(false);
        CountPublished(result);
        return result;
    }

    /// <summary>A publish inside its span; async, so that the span is current only within it, never in the caller's flow.</summary>
    private async ValueTask<PublishResult> BroadcastTracedAsync(string project, string eventName, object? data, string? idempotencyKey, CancellationToken cancellationToken)
    {
        using var activity = ProjectSocketsActivities.StartPublish(project, eventName);
        try
        {
            var result = await Append(project, eventName, data, idempotencyKey, cancellationToken).ConfigureAwait(false);
            CountPublished(result);
            activity?.SetTag("projectsockets.event.seq", result.Seq);
            activity?.SetTag("projectsockets.subscribers.local", result.LocalSubscribers);
            activity?.SetTag("projectsockets.publish.duplicate", result.Duplicate);
            return result;
        }
        catch (Exception exception)
        {
            ProjectSocketsActivities.SetError(activity, exception.GetType().FullName!);
            throw;
        }
    }
}
