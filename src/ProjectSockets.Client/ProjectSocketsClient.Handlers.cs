using System.Text.Json;
using ProjectSockets.Client.Internal;

namespace ProjectSockets.Client;

public sealed partial class ProjectSocketsClient
{
    /// <summary>
    /// Calls <paramref name="handler"/> for each delivered event whose name matches, with its data read as
    /// <typeparamref name="TData"/> (camelCase by default). Handlers run one at a time on the receive loop.
    /// </summary>
    /// <typeparam name="TData">The type of the event's data; <see langword="default"/> is passed for JSON <c>null</c>.</typeparam>
    /// <param name="eventName">An event name, a prefix followed by <c>*</c> (<c>agent_*</c>), or <c>*</c> for every event.</param>
    /// <param name="handler">The handler; an exception it throws is logged and does not stop delivery.</param>
    /// <returns>A registration: dispose it to remove the handler.</returns>
    public IDisposable On<TData>(string eventName, Action<ProjectSocketsEvent, TData> handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        return On<TData>(eventName, (evt, data) =>
        {
            handler(evt, data);
            return ValueTask.CompletedTask;
        });
    }

    /// <summary>
    /// Calls an asynchronous <paramref name="handler"/> for each delivered event whose name matches, with its data read
    /// as <typeparamref name="TData"/>. The next event waits until the returned task completes.
    /// </summary>
    /// <typeparam name="TData">The type of the event's data; <see langword="default"/> is passed for JSON <c>null</c>.</typeparam>
    /// <param name="eventName">An event name, a prefix followed by <c>*</c> (<c>agent_*</c>), or <c>*</c> for every event.</param>
    /// <param name="handler">The handler; an exception it throws is logged and does not stop delivery.</param>
    /// <returns>A registration: dispose it to remove the handler.</returns>
    public IDisposable On<TData>(string eventName, Func<ProjectSocketsEvent, TData, ValueTask> handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        return Register(eventName, evt =>
        {
            TData data;
            try
            {
                data = evt.GetData<TData>()!;
            }
            catch (JsonException exception)
            {
                ProjectSocketsClientLog.EventDataInvalid(_logger, evt.Name, typeof(TData).Name, exception);
                return ValueTask.CompletedTask;
            }

            return handler(evt, data);
        });
    }

    /// <summary>Calls <paramref name="handler"/> for each delivered event whose name matches.</summary>
    /// <param name="eventName">An event name, a prefix followed by <c>*</c> (<c>agent_*</c>), or <c>*</c> for every event.</param>
    /// <param name="handler">The handler; an exception it throws is logged and does not stop delivery.</param>
    /// <returns>A registration: dispose it to remove the handler.</returns>
    public IDisposable On(string eventName, Action<ProjectSocketsEvent> handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        return Register(eventName, evt =>
        {
            handler(evt);
            return ValueTask.CompletedTask;
        });
    }

    /// <summary>Calls an asynchronous <paramref name="handler"/> for each delivered event whose name matches.</summary>
    /// <param name="eventName">An event name, a prefix followed by <c>*</c> (<c>agent_*</c>), or <c>*</c> for every event.</param>
    /// <param name="handler">The handler; the next event waits until its task completes.</param>
    /// <returns>A registration: dispose it to remove the handler.</returns>
    public IDisposable On(string eventName, Func<ProjectSocketsEvent, ValueTask> handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        return Register(eventName, handler);
    }

    private IDisposable Register(string eventName, Func<ProjectSocketsEvent, ValueTask> invoke)
    {
        ArgumentNullException.ThrowIfNull(eventName);
        if (!EventFilter.IsValidPattern(eventName))
        {
            throw new ArgumentException($"'{eventName}' is not a valid event name or pattern: a name, a prefix followed by *, or *.", nameof(eventName));
        }

        return _handlers.Add(new EventHandlerEntry(eventName, EventFilter.Create([eventName]), invoke));
    }
}
