using System.Buffers;
using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace ProjectSockets;

/// <summary>
/// Serializes an event's data into a buffer reused on the thread and hands it to the store, which copies what it
/// keeps before its append completes. A publish that the store completes synchronously therefore allocates no
/// intermediate copy of the data; one that it does not complete synchronously takes the buffer with it. An event
/// larger than <see cref="ProjectSocketsOptions.MaxEventBytes"/> is refused here, before the store sees it.
/// </summary>
internal static class EventDataSerializer
{
    private const int LargestKeptBuffer = 64 * 1024;

    /// <summary>The longest epoch the size check allows for: stores use far shorter ones (16 characters in memory).</summary>
    private const int LargestEpochChars = 64;

    private static readonly byte[] s_null = "null"u8.ToArray();

    /// <summary>
    /// The envelope of an event with empty names and no data, with the seq and epoch at their largest: project ids and
    /// event names are ASCII that JSON never escapes, so an event's size is at most this plus theirs and its data's.
    /// </summary>
    private static readonly int s_envelopeBytes
        = ProtocolWriter.Event(string.Empty, string.Empty, long.MaxValue, new string('e', LargestEpochChars), DateTimeOffset.UnixEpoch, "0"u8).Length - 1;

    [ThreadStatic]
    private static ArrayBufferWriter<byte>? t_buffer;

    [ThreadStatic]
    private static Utf8JsonWriter? t_writer;

    [ThreadStatic]
    private static JsonSerializerOptions? t_writerOptions;

    /// <summary>The most bytes an event of this project, name and data can take on the wire, whatever its seq and epoch.</summary>
    public static int EncodedSizeBound(string project, string eventName, int dataBytes)
        => s_envelopeBytes + project.Length + eventName.Length + dataBytes;

    /// <summary>Serializes <paramref name="data"/> as its runtime type with the host's options (reflection unless they hold a resolver for it).</summary>
    /// <exception cref="ArgumentException">The encoded event would exceed <paramref name="maxEventBytes"/> (ParamName <c>data</c>).</exception>
    [RequiresUnreferencedCode(TrimmingMessages.Reflection)]
    [RequiresDynamicCode(TrimmingMessages.Reflection)]
    public static ValueTask<PublishResult> AppendAsync(IProjectEventStore store, string project, string eventName, object? data, string? idempotencyKey, JsonSerializerOptions options, int maxEventBytes, CancellationToken cancellationToken)
    {
        if (data is null)
        {
            return AppendNull(store, project, eventName, idempotencyKey, maxEventBytes, cancellationToken);
        }

        // As JsonSerializer's reflection overloads do: options without a resolver get the reflection-based one.
        options.MakeReadOnly(populateMissingResolver: true);
        return AppendAsync(store, project, eventName, data, idempotencyKey, options.GetTypeInfo(data.GetType()), maxEventBytes, cancellationToken);
    }

    /// <summary>Serializes <paramref name="data"/> with <paramref name="typeInfo"/>: no reflection, safe to trim and AOT-compile.</summary>
    /// <exception cref="ArgumentException">The encoded event would exceed <paramref name="maxEventBytes"/> (ParamName <c>data</c>).</exception>
    public static ValueTask<PublishResult> AppendAsync<T>(IProjectEventStore store, string project, string eventName, T data, string? idempotencyKey, JsonTypeInfo typeInfo, int maxEventBytes, CancellationToken cancellationToken)
    {
        if (data is null)
        {
            return AppendNull(store, project, eventName, idempotencyKey, maxEventBytes, cancellationToken);
        }

        var options = typeInfo.Options;

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

        if (typeInfo is JsonTypeInfo<T> typed)
        {
            JsonSerializer.Serialize(writer, data, typed);
        }
        else
        {
            // The runtime type's contract (the object overload): boxed once per publish, never per subscriber.
            JsonSerializer.Serialize(writer, data, typeInfo);
        }

        writer.Flush();

        // Refused before the store sees it: an event too large for the send queues would close every subscriber with
        // 4001, and one too large for history would leave them nothing to resume from. The buffer is dropped with
        // the writer that refers to it (both are rebuilt on the next publish).
        ThrowIfTooLarge(project, eventName, buffer.WrittenCount, maxEventBytes);
        var append = store.AppendAsync(project, eventName, buffer.WrittenMemory, idempotencyKey, cancellationToken);

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

    private static ValueTask<PublishResult> AppendNull(IProjectEventStore store, string project, string eventName, string? idempotencyKey, int maxEventBytes, CancellationToken cancellationToken)
    {
        ThrowIfTooLarge(project, eventName, s_null.Length, maxEventBytes);
        return store.AppendAsync(project, eventName, s_null, idempotencyKey, cancellationToken);
    }

    private static void ThrowIfTooLarge(string project, string eventName, int dataBytes, int maxEventBytes)
    {
        var size = EncodedSizeBound(project, eventName, dataBytes);
        if (size > maxEventBytes)
        {
            throw new ArgumentException(
                $"Event '{eventName}' of project '{project}' would take {size} bytes on the wire ({dataBytes} bytes of data), "
                + $"more than MaxEventBytes ({maxEventBytes} bytes); it was neither stored nor delivered.",
                "data");
        }
    }
}
