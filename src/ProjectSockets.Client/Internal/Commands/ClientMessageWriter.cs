using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace ProjectSockets.Client.Internal;

/// <summary>Encodes client-to-server messages as compact JSON.</summary>
internal static class ClientMessageWriter
{
    private static readonly JsonWriterOptions s_writerOptions = new()
    {
        Indented = false,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static byte[] Ping { get; } = """{"type":"ping"}"""u8.ToArray();

    public static byte[] Pong { get; } = """{"type":"pong"}"""u8.ToArray();

    /// <summary>A <c>command</c> with an id; <paramref name="args"/> is compact JSON or empty for none.</summary>
    public static byte[] Command(string id, string command, string? project, ReadOnlySpan<byte> args)
    {
        var buffer = new ArrayBufferWriter<byte>(128 + args.Length);
        using (var writer = new Utf8JsonWriter(buffer, s_writerOptions))
        {
            writer.WriteStartObject();
            writer.WriteString("type"u8, "command"u8);
            writer.WriteString("id"u8, id);
            writer.WriteString("command"u8, command);
            if (project is not null)
            {
                writer.WriteString("project"u8, project);
            }

            if (!args.IsEmpty)
            {
                writer.WritePropertyName("args"u8);
                writer.WriteRawValue(args, skipInputValidation: true);
            }

            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>The <c>args</c> of <c>subscribe</c>: the filter, and where to resume.</summary>
    public static byte[] SubscribeArgs(IReadOnlyList<string>? events, long? since, string? epoch)
    {
        var buffer = new ArrayBufferWriter<byte>(64);
        using (var writer = new Utf8JsonWriter(buffer, s_writerOptions))
        {
            writer.WriteStartObject();
            if (events is not null)
            {
                writer.WriteStartArray("events"u8);
                foreach (var pattern in events)
                {
                    writer.WriteStringValue(pattern);
                }

                writer.WriteEndArray();
            }

            if (since is { } seq && epoch is not null)
            {
                writer.WriteNumber("since"u8, seq);
                writer.WriteString("epoch"u8, epoch);
            }

            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }
}
