namespace ProjectSockets;

/// <summary>A connection's subscription to one project, with its filter.</summary>
internal sealed record Subscriber(ConnectionState Connection, EventFilter Filter);
