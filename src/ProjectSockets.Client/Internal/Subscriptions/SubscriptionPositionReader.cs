using System.Text.Json;

namespace ProjectSockets.Client.Internal;

/// <summary>Reads <c>{"project":"p1","seq":41,"epoch":"…","recovered":true}</c> from a subscribe result or <c>welcome</c>.</summary>
internal static class SubscriptionPositionReader
{
    public static SubscriptionPosition Read(JsonElement element)
        => new(
            element.GetProperty("project").GetString()!,
            element.GetProperty("seq").GetInt64(),
            element.GetProperty("epoch").GetString()!,
            element.TryGetProperty("recovered", out var recovered) && recovered.ValueKind == JsonValueKind.True);
}
