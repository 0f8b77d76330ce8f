using System.Buffers;
using System.Text.Json;

namespace ProjectSockets;

/// <summary>Encodes presence on the wire: the <c>join</c> / <c>leave</c> notices and the <c>presence</c> answer's data.</summary>
internal static class PresenceWriter
{
    /// <summary><c>{"type":"join"|"leave","project":…,"member":{…}}</c></summary>
    public static byte[] Notice(string type, string project, PresenceMember member)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("type"u8, type);
            writer.WriteString("project"u8, project);
            writer.WritePropertyName("member"u8);
            WriteMember(writer, member);
            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    /// <summary><c>{"project":…,"count":N,"members":[…],"truncated":bool}</c></summary>
    public static byte[] Answer(string project, long count, IReadOnlyList<PresenceMember> members, int maxMembers)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("project"u8, project);
            writer.WriteNumber("count"u8, count);
            writer.WriteStartArray("members"u8);
            for (var i = 0; i < members.Count && i < maxMembers; i++)
            {
                WriteMember(writer, members[i]);
            }

            writer.WriteEndArray();
            writer.WriteBoolean("truncated"u8, members.Count > maxMembers);
            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    private static void WriteMember(Utf8JsonWriter writer, PresenceMember member)
    {
        writer.WriteStartObject();
        writer.WriteString("connectionId"u8, member.ConnectionId);
        writer.WriteString("userId"u8, member.UserId);
        writer.WriteString("connectedAt"u8, member.ConnectedAt.UtcDateTime);
        if (member.Info is { } info)
        {
            writer.WritePropertyName("info"u8);
            info.WriteTo(writer);
        }

        writer.WriteEndObject();
    }
}
