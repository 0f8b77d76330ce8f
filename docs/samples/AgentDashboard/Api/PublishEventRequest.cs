using System.Text.Json;

namespace AgentDashboard.Api;

/// <summary>The body of <c>POST /api/projects/{projectId}/events</c>: <c>{"event":"…","data":…}</c>.</summary>
/// <param name="Event">The event name.</param>
/// <param name="Data">The event's data, any JSON value; absent means <c>null</c>.</param>
public sealed record PublishEventRequest(string? Event, JsonElement? Data);
