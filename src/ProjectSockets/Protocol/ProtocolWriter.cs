using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace ProjectSockets;

/// <summary>Encodes server-to-client messages as compact JSON with no raw newline.</summary>
internal static partial class ProtocolWriter
{
    private static readonly JsonWriterOptions s_writerOptions = new()
    {
        Indented = false,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        SkipValidation = true,
    };

    [ThreadStatic]
    private static ArrayBufferWriter<byte>? t_buffer;

    [ThreadStatic]
    private static Utf8JsonWriter? t_writer;

    public static byte[] Ping { get; } = """{"type":"ping"}"""u8.ToArray();

    public static byte[] Pong { get; } = """{"type":"pong"}"""u8.ToArray();

    public static byte[] Event(string project, string eventName, long seq, string epoch, DateTimeOffset time, ReadOnlySpan<byte> data)
    {
        var writer = Start();
        writer.WriteString("type"u8, "event"u8);
        writer.WriteString("project"u8, project);
        writer.WriteString("event"u8, eventName);
        writer.WriteNumber("seq"u8, seq);
        writer.WriteString("epoch"u8, epoch);
        WriteTime(writer, time);
        writer.WritePropertyName("data"u8);
        writer.WriteRawValue(data, skipInputValidation: true);
        return Finish(writer);
    }

    public static byte[] DirectEvent(string? project, string eventName, DateTimeOffset time, ReadOnlySpan<byte> data)
    {
        var writer = Start();
        writer.WriteString("type"u8, "event"u8);
        if (project is not null)
        {
            writer.WriteString("project"u8, project);
        }

        writer.WriteString("event"u8, eventName);
        WriteTime(writer, time);
        writer.WritePropertyName("data"u8);
        writer.WriteRawValue(data, skipInputValidation: true);
        return Finish(writer);
    }

    public static byte[] Welcome(string connectionId, HeartbeatPolicy heartbeat, int maxMessageBytes, SubscriptionPosition? route, TimeSpan? sessionWindow = null)
    {
        var writer = Start();
        writer.WriteString("type"u8, "welcome"u8);
        writer.WriteString("connectionId"u8, connectionId);
        writer.WriteNumber("protocol"u8, 1);
        writer.WriteStartObject("heartbeat"u8);
        writer.WriteNumber("intervalMs"u8, (long)heartbeat.Interval.TotalMilliseconds);
        writer.WriteNumber("timeoutMs"u8, (long)heartbeat.Timeout.TotalMilliseconds);
        writer.WriteEndObject();
        writer.WriteNumber("maxMessageBytes"u8, maxMessageBytes);
        writer.WriteStartArray("subscriptions"u8);
        if (route is { } position)
        {
            WritePosition(writer, position);
        }

        writer.WriteEndArray();
        if (sessionWindow is { } window)
        {
            // Present only for a connection with a session key: commands with an id run at most once within the window.
            writer.WriteStartObject("session"u8);
            writer.WriteNumber("windowMs"u8, (long)window.TotalMilliseconds);
            writer.WriteEndObject();
        }

        return Finish(writer);
    }

    /// <summary>The answer to a command of a session: its outcome, marked <c>replayed</c> when it was remembered.</summary>
    public static byte[] Outcome(string id, CommandOutcome outcome, bool replayed)
    {
        var writer = StartResult(id, outcome.Ok);
        if (outcome.Ok)
        {
            writer.WritePropertyName("data"u8);
            writer.WriteRawValue(outcome.Data.IsEmpty ? "null"u8 : outcome.Data.Span, skipInputValidation: true);
        }
        else
        {
            writer.WriteStartObject("error"u8);
            writer.WriteString("code"u8, outcome.ErrorCode);
            writer.WriteString("message"u8, outcome.ErrorMessage);
            writer.WriteEndObject();
        }

        if (replayed)
        {
            writer.WriteBoolean("replayed"u8, true);
        }

        return Finish(writer);
    }

    public static byte[] SubscribeResult(string? id, SubscriptionPosition position)
    {
        var writer = StartResult(id, ok: true);
        writer.WritePropertyName("data"u8);
        WritePosition(writer, position);
        return Finish(writer);
    }

    public static byte[] UnsubscribeResult(string? id, string project)
    {
        var writer = StartResult(id, ok: true);
        writer.WriteStartObject("data"u8);
        writer.WriteString("project"u8, project);
        writer.WriteEndObject();
        return Finish(writer);
    }

    /// <summary>The answer to <c>history</c>: the page's position and flags, and the stored event messages as they are.</summary>
    public static byte[] HistoryResult(string? id, HistoryPage page, int count, bool more)
    {
        var writer = StartResult(id, ok: true);
        writer.WriteStartObject("data"u8);
        writer.WriteString("project"u8, page.Project);
        writer.WriteNumber("seq"u8, page.Seq);
        writer.WriteString("epoch"u8, page.Epoch);
        writer.WriteBoolean("complete"u8, page.Complete);
        writer.WriteBoolean("more"u8, more);
        writer.WriteStartArray("events"u8);
        for (var i = 0; i < count; i++)
        {
            writer.WriteRawValue(page.Events[i].Message.Span, skipInputValidation: true);
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
        return Finish(writer);
    }

    public static byte[] Result(string id, ReadOnlySpan<byte> data)
    {
        var writer = StartResult(id, ok: true);
        writer.WritePropertyName("data"u8);
        writer.WriteRawValue(data.IsEmpty ? "null"u8 : data, skipInputValidation: true);
        return Finish(writer);
    }

    public static byte[] Failure(string? id, string code, string message)
    {
        var writer = Start();
        if (id is null)
        {
            writer.WriteString("type"u8, "error"u8);
        }
        else
        {
            writer.WriteString("type"u8, "result"u8);
            writer.WriteString("id"u8, id);
            writer.WriteBoolean("ok"u8, false);
        }

        writer.WriteStartObject("error"u8);
        writer.WriteString("code"u8, code);
        writer.WriteString("message"u8, message);
        writer.WriteEndObject();
        return Finish(writer);
    }

    public static byte[] Disconnected(int code, string reason)
    {
        var writer = Start();
        writer.WriteString("type"u8, "disconnected"u8);
        writer.WriteNumber("code"u8, code);
        writer.WriteString("reason"u8, reason);
        writer.WriteBoolean("reconnect"u8, ProtocolCloseCodes.ShouldReconnect(code));
        return Finish(writer);
    }

    private static Utf8JsonWriter StartResult(string? id, bool ok)
    {
        var writer = Start();
        writer.WriteString("type"u8, "result"u8);
        writer.WriteString("id"u8, id);
        writer.WriteBoolean("ok"u8, ok);
        return writer;
    }

    private static void WritePosition(Utf8JsonWriter writer, SubscriptionPosition position)
    {
        writer.WriteStartObject();
        writer.WriteString("project"u8, position.Project);
        writer.WriteNumber("seq"u8, position.Seq);
        writer.WriteString("epoch"u8, position.Epoch);
        writer.WriteBoolean("recovered"u8, position.Recovered);
        writer.WriteEndObject();
    }

    private static void WriteTime(Utf8JsonWriter writer, DateTimeOffset time)
    {
        Span<char> text = stackalloc char[24];
        time.UtcDateTime.TryFormat(text, out var written, "yyyy-MM-dd'T'HH:mm:ss.fff'Z'", System.Globalization.CultureInfo.InvariantCulture);
        writer.WriteString("time"u8, text[..written]);
    }

    private static Utf8JsonWriter Start()
    {
        var buffer = t_buffer ??= new ArrayBufferWriter<byte>(256);
        buffer.ResetWrittenCount();
        var writer = t_writer ??= new Utf8JsonWriter(buffer, s_writerOptions);
        writer.Reset(buffer);
        writer.WriteStartObject();
        return writer;
    }

    private static byte[] Finish(Utf8JsonWriter writer)
    {
        writer.WriteEndObject();
        writer.Flush();
        var bytes = t_buffer!.WrittenSpan.ToArray();
        if (t_buffer.Capacity > 64 * 1024)
        {
            // Keep no large buffer alive on the thread after an unusually big message.
            t_buffer = null;
            t_writer = null;
        }

        return bytes;
    }
}
