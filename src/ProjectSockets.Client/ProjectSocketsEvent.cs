using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using ProjectSockets.Client.Internal;

namespace ProjectSockets.Client;

/// <summary>One event received from the server.</summary>
public sealed class ProjectSocketsEvent
{
    // The web defaults (camelCase, case-insensitive), built here: JsonSerializerOptions.Web also turns reflection on.
    private static readonly JsonSerializerOptions s_webDefaults = new(JsonSerializerDefaults.Web);

    private readonly JsonSerializerOptions _serializerOptions;

    /// <summary>Initializes a new instance of the <see cref="ProjectSocketsEvent"/> class.</summary>
    /// <param name="project">The project, or <see langword="null"/> for an event sent to this connection alone without one.</param>
    /// <param name="name">The event name.</param>
    /// <param name="seq">The event's place in the project's sequence, or <see langword="null"/> for an event outside it.</param>
    /// <param name="epoch">The project's epoch, or <see langword="null"/> for an event outside the sequence.</param>
    /// <param name="time">When the server published it.</param>
    /// <param name="data">The event's data (a detached element).</param>
    /// <param name="serializerOptions">The settings <see cref="GetData{T}()"/> reads with; the web defaults when <see langword="null"/>.</param>
    public ProjectSocketsEvent(string? project, string name, long? seq, string? epoch, DateTimeOffset time, JsonElement data, JsonSerializerOptions? serializerOptions = null)
    {
        ArgumentNullException.ThrowIfNull(name);
        Project = project;
        Name = name;
        Seq = seq;
        Epoch = epoch;
        Time = time;
        Data = data;
        _serializerOptions = serializerOptions ?? s_webDefaults;
    }

    /// <summary>Gets the project, or <see langword="null"/> for an event sent to this connection alone without one.</summary>
    public string? Project { get; }

    /// <summary>Gets the event name, for example <c>task_started</c>.</summary>
    public string Name { get; }

    /// <summary>
    /// Gets the event's sequence number within its project (1, 2, 3, …), or <see langword="null"/> for an event the
    /// server sent to this connection alone, which is outside every sequence.
    /// </summary>
    public long? Seq { get; }

    /// <summary>Gets the project's epoch the event belongs to, or <see langword="null"/> for an event outside the sequence.</summary>
    public string? Epoch { get; }

    /// <summary>Gets when the server published the event.</summary>
    public DateTimeOffset Time { get; }

    /// <summary>Gets the event's data as JSON.</summary>
    public JsonElement Data { get; }

    /// <summary>Reads the event's data as <typeparamref name="T"/> with the client's serializer settings.</summary>
    /// <typeparam name="T">The data type.</typeparam>
    /// <returns>The data, or <see langword="default"/> when it is JSON <c>null</c> or absent.</returns>
    /// <exception cref="JsonException">The data does not fit <typeparamref name="T"/>.</exception>
    [RequiresUnreferencedCode(TrimmingMessages.Reflection)]
    [RequiresDynamicCode(TrimmingMessages.Reflection)]
    public T? GetData<T>()
        => Data.ValueKind is JsonValueKind.Undefined or JsonValueKind.Null ? default : Data.Deserialize<T>(_serializerOptions);

    /// <summary>
    /// Reads the event's data as <typeparamref name="T"/> with <paramref name="jsonTypeInfo"/> (for example from a
    /// <c>JsonSerializerContext</c>): no reflection, safe in trimmed and Native AOT apps.
    /// </summary>
    /// <typeparam name="T">The data type.</typeparam>
    /// <param name="jsonTypeInfo">The contract of <typeparamref name="T"/>.</param>
    /// <returns>The data, or <see langword="default"/> when it is JSON <c>null</c> or absent.</returns>
    /// <exception cref="JsonException">The data does not fit <typeparamref name="T"/>.</exception>
    public T? GetData<T>(JsonTypeInfo<T> jsonTypeInfo)
    {
        ArgumentNullException.ThrowIfNull(jsonTypeInfo);
        return Data.ValueKind is JsonValueKind.Undefined or JsonValueKind.Null ? default : Data.Deserialize(jsonTypeInfo);
    }
}
