namespace ProjectSockets.Client.Internal;

/// <summary>One registered handler: the event names it wants (a name, a prefix with <c>*</c>, or <c>*</c>) and how to call it.</summary>
/// <param name="Pattern">The event name pattern.</param>
/// <param name="Filter">The compiled pattern.</param>
/// <param name="Invoke">Calls the handler; reads the data as the handler's type first.</param>
internal sealed record EventHandlerEntry(string Pattern, EventFilter Filter, Func<ProjectSocketsEvent, ValueTask> Invoke);
