using System.Diagnostics.CodeAnalysis;
using System.Text.Json.Serialization.Metadata;

namespace ProjectSockets;

/// <summary>
/// Publishes through the manager's broadcast: one place validates, serializes once, appends to the store and wakes
/// the subscribers' writers. Taking the manager also makes sure it is built, and registered as the store's sink,
/// before the first publish.
/// </summary>
internal sealed class DefaultProjectEventPublisher(WebSocketManager manager) : IProjectEventPublisher
{
    [RequiresUnreferencedCode(TrimmingMessages.Reflection)]
    [RequiresDynamicCode(TrimmingMessages.Reflection)]
    public ValueTask<PublishResult> PublishAsync(string project, string eventName, object? data, CancellationToken cancellationToken = default)
        => manager.BroadcastAsync(project, eventName, data, options: null, cancellationToken);

    [RequiresUnreferencedCode(TrimmingMessages.Reflection)]
    [RequiresDynamicCode(TrimmingMessages.Reflection)]
    public ValueTask<PublishResult> PublishAsync(string project, string eventName, object? data, PublishOptions? options, CancellationToken cancellationToken = default)
        => manager.BroadcastAsync(project, eventName, data, options, cancellationToken);

    public ValueTask<PublishResult> PublishAsync<T>(string project, string eventName, T data, JsonTypeInfo<T> jsonTypeInfo, CancellationToken cancellationToken = default)
        => manager.BroadcastAsync(project, eventName, data, jsonTypeInfo, options: null, cancellationToken);

    public ValueTask<PublishResult> PublishAsync<T>(string project, string eventName, T data, JsonTypeInfo<T> jsonTypeInfo, PublishOptions? options, CancellationToken cancellationToken = default)
        => manager.BroadcastAsync(project, eventName, data, jsonTypeInfo, options, cancellationToken);
}
