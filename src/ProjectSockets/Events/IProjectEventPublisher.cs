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
    /// Publishes an event as <see cref="PublishAsync(string, string, object?, CancellationToken)"/> does, with
    /// per-publish settings such as an idempotency key that makes a retry after a timeout or a lost connection safe.
    /// </summary>
    /// <param name="project">A valid project id.</param>
    /// <param name="eventName">A valid event name.</param>
    /// <param name="data">The event's data.</param>
    /// <param name="options">The publish's settings, or <see langword="null"/> for none.</param>
    /// <param name="cancellationToken">Cancels the publish before it is stored.</param>
    /// <returns>
    /// The assigned <c>seq</c>, or the first publish's when the key was seen within the window
    /// (<see cref="PublishResult.Duplicate"/>).
    /// </returns>
    /// <exception cref="ArgumentException">
    /// As for the overload without options; or <see cref="PublishOptions.IdempotencyKey"/> is not 1 to 128 printable
    /// ASCII characters (<see cref="ArgumentException.ParamName"/> is <c>options</c>).
    /// </exception>
    /// <exception cref="NotSupportedException">
    /// An implementation written before publish options existed was given an idempotency key (the default body of
    /// this method): it would publish again instead of deduplicating.
    /// </exception>
    [RequiresUnreferencedCode(TrimmingMessages.Reflection)]
    [RequiresDynamicCode(TrimmingMessages.Reflection)]
    ValueTask<PublishResult> PublishAsync(string project, string eventName, object? data, PublishOptions? options, CancellationToken cancellationToken = default)
        => options?.IdempotencyKey is null
            ? PublishAsync(project, eventName, data, cancellationToken)
            : throw new NotSupportedException($"{GetType().Name} does not support publish options.");

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

    /// <summary>
    /// Publishes an event as <see cref="PublishAsync{T}(string, string, T, JsonTypeInfo{T}, CancellationToken)"/> does
    /// (no reflection), with per-publish settings such as an idempotency key.
    /// </summary>
    /// <typeparam name="T">The type of the event's data.</typeparam>
    /// <param name="project">A valid project id.</param>
    /// <param name="eventName">A valid event name.</param>
    /// <param name="data">The event's data, serialized once.</param>
    /// <param name="jsonTypeInfo">The serialization contract of <typeparamref name="T"/>.</param>
    /// <param name="options">The publish's settings, or <see langword="null"/> for none.</param>
    /// <param name="cancellationToken">Cancels the publish before it is stored.</param>
    /// <returns>
    /// The assigned <c>seq</c>, or the first publish's when the key was seen within the window
    /// (<see cref="PublishResult.Duplicate"/>).
    /// </returns>
    /// <exception cref="ArgumentException">
    /// As for the overload without options; or <see cref="PublishOptions.IdempotencyKey"/> is not 1 to 128 printable
    /// ASCII characters (<see cref="ArgumentException.ParamName"/> is <c>options</c>).
    /// </exception>
    /// <exception cref="NotSupportedException">
    /// An implementation written before publish options existed was given an idempotency key (the default body of
    /// this method).
    /// </exception>
    ValueTask<PublishResult> PublishAsync<T>(string project, string eventName, T data, JsonTypeInfo<T> jsonTypeInfo, PublishOptions? options, CancellationToken cancellationToken = default)
        => options?.IdempotencyKey is null
            ? PublishAsync(project, eventName, data, jsonTypeInfo, cancellationToken)
            : throw new NotSupportedException($"{GetType().Name} does not support publish options.");
}
