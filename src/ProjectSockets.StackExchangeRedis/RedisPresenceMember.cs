using System.Buffers;
using System.Diagnostics.CodeAnalysis;
using System.Text.Json;

namespace ProjectSockets.StackExchangeRedis;

/// <summary>A presence member as Redis keeps it: <c>{"c":connection,"u":user,"t":unix ms,"i":info}</c>.</summary>
internal static class RedisPresenceMember
{
    public static string Write(PresenceMember member)
    {
        var buffer = new ArrayBufferWriter<byte>(128);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("c"u8, member.ConnectionId);
            writer.WriteString("u"u8, member.UserId);
            writer.WriteNumber("t"u8, member.ConnectedAt.ToUnixTimeMilliseconds());
            if (member.Info is { } info)
            {
                writer.WritePropertyName("i"u8);
                info.WriteTo(writer);
            }

            writer.WriteEndObject();
        }

        return System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    public static PresenceMember Read(string json)
        => TryRead(json, out var member) ? member : throw new FormatException("A presence member in Redis is malformed.");

    public static bool TryRead(string json, [NotNullWhen(true)] out PresenceMember? member)
    {
        member = null;
        try
        {
            using var document = JsonDocument.Parse(json);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("c", out var connection) || connection.ValueKind != JsonValueKind.String
                || !root.TryGetProperty("t", out var time) || !time.TryGetInt64(out var unixMs))
            {
                return false;
            }

            var user = root.TryGetProperty("u", out var u) && u.ValueKind == JsonValueKind.String ? u.GetString() : null;
            JsonElement? info = root.TryGetProperty("i", out var i) ? i.Clone() : null;
            member = new PresenceMember(connection.GetString()!, user, DateTimeOffset.FromUnixTimeMilliseconds(unixMs), info);
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }
}
