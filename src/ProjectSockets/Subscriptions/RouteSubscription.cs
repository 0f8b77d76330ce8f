namespace ProjectSockets;

/// <summary>The route project's subscription, read from the route and the upgrade query.</summary>
internal sealed record RouteSubscription(string Project, EventFilter Filter, long? Since, string? Epoch);
