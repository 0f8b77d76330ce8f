namespace ProjectSockets;

/// <summary>A connection's subscription to one project, with its filter and whether it asked for <c>join</c> / <c>leave</c>.</summary>
internal sealed record Subscriber(ConnectionState Connection, EventFilter Filter, bool Presence = false);
