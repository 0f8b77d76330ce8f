using System.Text.Json;

namespace ProjectSockets.Client.Internal;

/// <summary>
/// Hands delivered events to the application: the <c>On</c> handlers in the order they were added, then the
/// subscription's stream, one event at a time on the receive loop. A handler that throws is logged and delivery goes on.
/// </summary>
/// <param name="context">The client's log and stop signal.</param>
internal sealed class HandlerDispatcher(ClientContext context)
{
    private readonly EventHandlerRegistry _registry = new();

    /// <summary>Adds a handler that reads the event's data as <typeparamref name="TData"/>; data that does not fit is logged and skipped.</summary>
    /// <param name="eventName">The name or pattern.</param>
    /// <param name="read">Reads the data (with reflection or a <c>JsonTypeInfo</c>, as the caller chose).</param>
    /// <param name="handler">The handler.</param>
    public IDisposable Add<TData>(string eventName, Func<ProjectSocketsEvent, TData> read, Func<ProjectSocketsEvent, TData, ValueTask> handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        return Add(eventName, evt =>
        {
            TData data;
            try
            {
                data = read(evt);
            }
            catch (JsonException exception)
            {
                ProjectSocketsClientLog.EventDataInvalid(context.Logger, evt.Name, typeof(TData).Name, exception);
                return ValueTask.CompletedTask;
            }

            return handler(evt, data);
        });
    }

    /// <summary>Adds a handler of every event whose name matches <paramref name="eventName"/>.</summary>
    public IDisposable Add(string eventName, Func<ProjectSocketsEvent, ValueTask> handler)
    {
        ArgumentNullException.ThrowIfNull(eventName);
        if (!EventFilter.IsValidPattern(eventName))
        {
            throw new ArgumentException($"'{eventName}' is not a valid event name or pattern: a name, a prefix followed by *, or *.", nameof(eventName));
        }

        return _registry.Add(new EventHandlerEntry(eventName, EventFilter.Create([eventName]), handler));
    }

    /// <summary>
    /// Delivers one event to the matching handlers, then to <paramref name="state"/>'s buffer, waiting for room. Time
    /// spent here does not count as the server's silence.
    /// </summary>
    /// <param name="session">The connection the event arrived on.</param>
    /// <param name="evt">The event.</param>
    /// <param name="state">The subscribed project, or <see langword="null"/> for an event outside every sequence.</param>
    public async Task DispatchAsync(ClientSession session, ProjectSocketsEvent evt, ProjectState? state)
    {
        session.Heartbeat.SetDispatching(true);
        try
        {
            foreach (var entry in _registry.Entries)
            {
                if (!entry.Filter.Matches(evt.Name))
                {
                    continue;
                }

                try
                {
                    await entry.Invoke(evt).ConfigureAwait(false);
                }
                catch (Exception exception)
                {
                    ProjectSocketsClientLog.HandlerFailed(context.Logger, evt.Name, exception);
                }
            }

            if (state?.Subscription is { } subscription)
            {
                // Backpressure: a full buffer holds the receive loop here, so the server's queue fills instead of ours.
                await subscription.WriteAsync(evt, context.Stopping).ConfigureAwait(false);
            }
        }
        finally
        {
            session.Heartbeat.SetDispatching(false);
            session.Heartbeat.MarkHeard();
        }
    }
}
