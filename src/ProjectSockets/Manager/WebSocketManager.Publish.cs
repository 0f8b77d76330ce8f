using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;
using System.Text.Json.Serialization.Metadata;

namespace ProjectSockets;

/// <summary>Publishing through the manager: validation, the one serialization, the span and the publish count.</summary>
internal sealed partial class WebSocketManager
{
    [RequiresUnreferencedCode(TrimmingMessages.Reflection)]
    [RequiresDynamicCode(TrimmingMessages.Reflection)]
    public ValueTask<PublishResult> BroadcastAsync(string project, string eventName, object? data, CancellationToken cancellationToken = default)
        => BroadcastAsync(project, eventName, data, options: null, cancellationToken);

    /// <summary>Broadcasts with per-publish settings (an idempotency key), the data serialized by reflection.</summary>
    [RequiresUnreferencedCode(TrimmingMessages.Reflection)]
    [RequiresDynamicCode(TrimmingMessages.Reflection)]
    public ValueTask<PublishResult> BroadcastAsync(string project, string eventName, object? data, PublishOptions? options, CancellationToken cancellationToken)
    {
        var key = CheckBroadcast(project, eventName, options);
        var activity = StartPublish(project, eventName, out var previous);
        try
        {
            // Serialized once: every subscriber, and the history, share the bytes the store encodes from this. The
            // writers are woken once the store has returned, so not under its lock (see SendQueueWaker).
            using var wakeUps = _waker.BeginBatch();
            var append = EventDataSerializer.AppendAsync(_fanout.Store, project, eventName, data, key, _options.JsonSerializerOptions, _options.MaxEventBytes, cancellationToken);
            return Track(append, activity);
        }
        catch (Exception exception)
        {
            Fail(activity, exception);
            throw;
        }
        finally
        {
            EndScope(activity, previous);
        }
    }

    public ValueTask<PublishResult> BroadcastAsync<T>(string project, string eventName, T data, JsonTypeInfo<T> jsonTypeInfo, CancellationToken cancellationToken = default)
        => BroadcastAsync(project, eventName, data, jsonTypeInfo, options: null, cancellationToken);

    /// <summary>Broadcasts with per-publish settings, the data serialized with its contract (no reflection).</summary>
    public ValueTask<PublishResult> BroadcastAsync<T>(string project, string eventName, T data, JsonTypeInfo<T> jsonTypeInfo, PublishOptions? options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(jsonTypeInfo);
        var key = CheckBroadcast(project, eventName, options);
        var activity = StartPublish(project, eventName, out var previous);
        try
        {
            using var wakeUps = _waker.BeginBatch();
            var append = EventDataSerializer.AppendAsync(_fanout.Store, project, eventName, data, key, jsonTypeInfo, _options.MaxEventBytes, cancellationToken);
            return Track(append, activity);
        }
        catch (Exception exception)
        {
            Fail(activity, exception);
            throw;
        }
        finally
        {
            EndScope(activity, previous);
        }
    }

    private static string? CheckBroadcast(string project, string eventName, PublishOptions? options)
    {
        ArgumentNullException.ThrowIfNull(project);
        ArgumentNullException.ThrowIfNull(eventName);
        ProtocolArguments.ThrowIfInvalidProject(project);
        ProtocolArguments.ThrowIfInvalidEventName(eventName);

        var key = options?.IdempotencyKey;
        if (key is not null && !PublishOptions.IsValidIdempotencyKey(key))
        {
            throw new ArgumentException("The idempotency key must be 1 to 128 printable ASCII characters.", nameof(options));
        }

        return key;
    }

    /// <summary>Starts the publish span when someone listens; it is current only while the append starts.</summary>
    private static Activity? StartPublish(string project, string eventName, out Activity? previous)
    {
        previous = Activity.Current;
        return ProjectSocketsActivities.IsEnabled ? ProjectSocketsActivities.StartPublish(project, eventName) : null;
    }

    /// <summary>Gives the caller's flow its own current activity back: the span never leaks into it.</summary>
    private static void EndScope(Activity? activity, Activity? previous)
    {
        if (activity is not null)
        {
            Activity.Current = previous;
        }
    }

    private static void Fail(Activity? activity, Exception exception)
    {
        ProjectSocketsActivities.SetError(activity, exception.GetType().FullName!);
        activity?.Dispose();
    }

    private ValueTask<PublishResult> Track(ValueTask<PublishResult> append, Activity? activity)
    {
        if (activity is null && append.IsCompletedSuccessfully)
        {
            CountPublished(append.Result);
            return append;
        }

        return TrackAsync(append, activity);
    }

    private async ValueTask<PublishResult> TrackAsync(ValueTask<PublishResult> append, Activity? activity)
    {
        using (activity)
        {
            try
            {
                var result = await append.ConfigureAwait(false);
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

    /// <summary>Counts a publish that stored an event; a repeated idempotency key stores nothing and is not counted.</summary>
    private void CountPublished(PublishResult result)
    {
        if (!result.Duplicate)
        {
            _fanout.Metrics.Published();
        }
    }
}
