using System.Net.WebSockets;
using System.Text.Json;

namespace ProjectSockets.Specification.Tests;

/// <summary>What a client saw until its connection ended.</summary>
/// <param name="Messages">The protocol messages received before the end.</param>
/// <param name="CloseStatus">The server's close code, or <see langword="null"/> when the connection broke without one.</param>
/// <param name="CloseDescription">The server's close reason.</param>
public sealed record ClosedConnection(IReadOnlyList<JsonElement> Messages, WebSocketCloseStatus? CloseStatus, string? CloseDescription)
{
    /// <summary>Gets the <c>disconnected</c> message, or <see langword="null"/> when none came.</summary>
    public JsonElement? Disconnected
        => Messages.Where(m => m.GetProperty("type").GetString() == "disconnected").Select(m => (JsonElement?)m).LastOrDefault();
}
