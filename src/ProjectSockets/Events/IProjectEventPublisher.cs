using System.Diagnostics.CodeAnalysis;
using System.Text.Json.Serialization.Metadata;

namespace ProjectSockets;

/// <summary>The host's way to emit events to every subscriber of a project, on every node.</summary>
public interface IProjectEventPublisher
{
    /// <summary>
    /// Publishes an event: gives it the project's next <c>seq</c>, stores it in history, and queues it for every
    /// subscriber whose filter matches. Never waits for a socket.
    /// </summary>
    /// <param name="project">A valid project id.</param>
    /// <param name="eventName">A valid event name.</param>
    /// <param name="data">The event's data, serialized once with the configured <see cref="System.Text.Json.JsonSerializerOptions"/>.</param>
    /// <param name="cancellationToken">Cancels the publish before it is stored.</param>
    /// <returns>The assigned <c>seq</c> and how many local subscribers it was queued for.</returns>
    /// <exception cref="ArgumentException">
    /// The project id or event name breaks the naming rules; or the encoded event would be larger than
    /// <see cref="ProjectSocketsOptions.MaxEventBytes"/> (<see cref="ArgumentException.ParamName"/> is <c>data</c>, the
    /// message names the size and the limit). Either way nothing was stored or delivered.
    /// </exception>
    /// <remarks>
    /// The data is serialized as its runtime type by reflection; trimmed and Native AOT apps use
    /// <see cref="PublishAsync{T}(string, string, T, JsonTypeInfo{T}, CancellationToken)"/>.
    /// </remarks>
    [RequiresUnreferencedCode(TrimmingMessages.Reflection)]
    [RequiresDynamicCode(TrimmingMessages.Reflection)]
    ValueTask<PublishResult> PublishAsync(string project, string eventName, object? data, CancellationToken cancellationToken = default);

    /// <summary>
    /// Publishes an event as <see cref="PublishAsync(string, string, object?, CancellationToken)"/> does, its data
    /// serialized with <paramref name="jsonTypeInfo"/> (for example <c>AppJsonContext.Default.TaskStarted</c> from a
    /// <c>JsonSerializerContext</c>): no reflection, safe in trimmed and Native AOT apps. The naming policy and
    /// encoder are those of <paramref name="jsonTypeInfo"/>'s options.
    /// </summary>
    /// <typeparam name="T">The type of the event's data.</typeparam>
    /// <param name="project">A valid project id.</param>
    /// <param name="eventName">A valid event name.</param>
    /// <param name="data">The event's data, serialized once.</param>
    /// <param name="jsonTypeInfo">The serialization contract of <typeparamref name="T"/>.</param>
    /// <param name="cancellationToken">Cancels the publish before it is stored.</param>
    /// <returns>The assigned <c>seq</c> and how many local subscribers it was queued for.</returns>
    /// <exception cref="ArgumentException">
    /// The project id or event name breaks the naming rules; or the encoded event would be larger than
    /// <see cref="ProjectSocketsOptions.MaxEventBytes"/> (<see cref="ArgumentException.ParamName"/> is <c>data</c>).
    /// Either way nothing was stored or delivered.
    /// </exception>
    ValueTask<PublishResult> PublishAsync<T>(string project, string eventName, T data, JsonTypeInfo<T> jsonTypeInfo, CancellationToken cancellationToken = default);
}
