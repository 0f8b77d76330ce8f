using System.Buffers;
using System.Text.Json;

namespace ProjectSockets;

/// <summary>
/// Serializes an event's data into a buffer reused on the thread and hands it to the store, which copies what it
/// keeps before its append completes. A publish that the store completes synchronously therefore allocates no
/// intermediate copy of the data; one that it does not complete synchronously takes the buffer with it.
/// </summary>
internal static class EventDataSerializer
{
    private const int LargestKeptBuffer = 64 * 1024;
    private static readonly byte[] s_null = "null"u8.ToArray();

    [ThreadStatic]
    private static ArrayBufferWriter<byte>? t_buffer;

    [ThreadStatic]
    private static Utf8JsonWriter? t_writer;

    [ThreadStatic]
    private static JsonSerializerOptions? t_writerOptions;

    public static ValueTask<PublishResult> AppendAsync(IProjectEventStore store, string project, string eventName, object? data, JsonSerializerOptions options, CancellationToken cancellationToken)
    {
        if (data is null)
        {
            return store.AppendAsync(project, eventName, s_null, cancellationToken);
        }

        // Taken off the thread while in use: a serializer or store that publishes again re-entrantly gets its own.
        var buffer = t_buffer ?? new ArrayBufferWriter<byte>(256);
        t_buffer = null;
        buffer.ResetWrittenCount();
        var writer = t_writer;
        t_writer = null;
        if (writer is null || !ReferenceEquals(t_writerOptions, options))
        {
            writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = options.Encoder, Indented = false, MaxDepth = options.MaxDepth, SkipValidation = true });
        }
        else
        {
            writer.Reset(buffer);
        }

        JsonSerializer.Serialize(writer, data, data.GetType(), options);
        writer.Flush();
        var append = store.AppendAsync(project, eventName, buffer.WrittenMemory, cancellationToken);

        // Kept for the next publish only when done with and small: a pending append still reads the buffer, and the
        // writer refers to it, so neither may keep a large one alive.
        if (append.IsCompleted && buffer.Capacity <= LargestKeptBuffer)
        {
            t_buffer = buffer;
            t_writer = writer;
            t_writerOptions = options;
        }

        return append;
    }
}
