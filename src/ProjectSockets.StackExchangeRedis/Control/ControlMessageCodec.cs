using System.Buffers;
using System.Text.Json;

namespace ProjectSockets.StackExchangeRedis;

/// <summary>
/// Encodes a <see cref="ControlCommand"/> for the control channel, with the request id and the channel its answers
/// go to, and the answers themselves (<c>{"id":…,"count":…}</c>).
/// </summary>
internal static class ControlMessageCodec
{
    public static byte[] EncodeCommand(string id, string replyChannel, ControlCommand command)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("id"u8, id);
            writer.WriteString("reply"u8, replyChannel);
            writer.WriteNumber("kind"u8, (int)command.Kind);
            WriteOptional(writer, "connectionId"u8, command.ConnectionId);
            WriteOptional(writer, "userId"u8, command.UserId);
            WriteOptional(writer, "project"u8, command.Project);
            WriteOptional(writer, "event"u8, command.EventName);
            if (!command.Data.IsEmpty)
            {
                writer.WritePropertyName("data"u8);
                writer.WriteRawValue(command.Data.Span, skipInputValidation: true);
            }

            writer.WriteNumber("code"u8, command.CloseCode);
            WriteOptional(writer, "reason"u8, command.Reason);
            if (command.Events is { } events)
            {
                writer.WriteStartArray("events"u8);
                foreach (var pattern in events)
                {
                    writer.WriteStringValue(pattern);
                }

                writer.WriteEndArray();
            }

            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>Reads a command; <see langword="null"/> when the message is not one (another application's, or damaged).</summary>
    public static (string Id, string Reply, ControlCommand Command)? DecodeCommand(ReadOnlyMemory<byte> message)
    {
        try
        {
            using var document = JsonDocument.Parse(message);
            var root = document.RootElement;
            var kind = (ControlCommandKind)root.GetProperty("kind").GetInt32();
            if (!Enum.IsDefined(kind))
            {
                return null;
            }

            var command = new ControlCommand
            {
                Kind = kind,
                ConnectionId = Optional(root, "connectionId"),
                UserId = Optional(root, "userId"),
                Project = Optional(root, "project"),
                EventName = Optional(root, "event"),
                Data = root.TryGetProperty("data", out var data) ? System.Text.Encoding.UTF8.GetBytes(data.GetRawText()) : default,
                CloseCode = root.GetProperty("code").GetInt32(),
                Reason = Optional(root, "reason"),
                Events = root.TryGetProperty("events", out var events) ? [.. events.EnumerateArray().Select(e => e.GetString()!)] : null,
            };
            return (root.GetProperty("id").GetString()!, root.GetProperty("reply").GetString()!, command);
        }
        catch (Exception exception) when (exception is JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
        {
            return null;
        }
    }

    public static byte[] EncodeReply(string id, int count)
    {
        var buffer = new ArrayBufferWriter<byte>(64);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("id"u8, id);
            writer.WriteNumber("count"u8, count);
            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    public static (string Id, int Count)? DecodeReply(ReadOnlyMemory<byte> message)
    {
        try
        {
            using var document = JsonDocument.Parse(message);
            var root = document.RootElement;
            return (root.GetProperty("id").GetString()!, root.GetProperty("count").GetInt32());
        }
        catch (Exception exception) when (exception is JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
        {
            return null;
        }
    }

    private static void WriteOptional(Utf8JsonWriter writer, ReadOnlySpan<byte> name, string? value)
    {
        if (value is not null)
        {
            writer.WriteString(name, value);
        }
    }

    private static string? Optional(JsonElement root, string name)
        => root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
