using System.Text.Json;

namespace ProjectSockets;

/// <summary>One connection subscribed to a project that keeps presence.</summary>
/// <param name="ConnectionId">The connection's id.</param>
/// <param name="UserId">The connection's user id (see <see cref="IUserIdProvider"/>), or <see langword="null"/> when anonymous.</param>
/// <param name="ConnectedAt">When the connection opened.</param>
/// <param name="Info">What the host's <see cref="IPresenceInfoProvider"/> said about it, or <see langword="null"/>.</param>
public sealed record PresenceMember(string ConnectionId, string? UserId, DateTimeOffset ConnectedAt, JsonElement? Info);
