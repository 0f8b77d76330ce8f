using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.Extensions.Options;

namespace ProjectSockets;

/// <summary>
/// The default <see cref="IProjectSocketsControl"/>: checks the arguments here, on the calling node, serializes the
/// data once, and hands one <see cref="ControlCommand"/> to the <see cref="IControlBus"/>.
/// </summary>
internal sealed class DefaultProjectSocketsControl(IControlBus bus, IOptions<ProjectSocketsOptions> options, TimeProvider timeProvider) : IProjectSocketsControl
{
    private const string DefaultRevokeMessage = "Access to this project was revoked.";

    [RequiresUnreferencedCode(TrimmingMessages.Reflection)]
    [RequiresDynamicCode(TrimmingMessages.Reflection)]
    public Task<int> SendToConnectionAsync(string connectionId, string eventName, object? data, string? project = null, CancellationToken cancellationToken = default)
        => SendAsync(Target(connectionId, nameof(connectionId)), null, eventName, Serialize(data), project, cancellationToken);

    [RequiresUnreferencedCode(TrimmingMessages.Reflection)]
    [RequiresDynamicCode(TrimmingMessages.Reflection)]
    public Task<int> SendToUserAsync(string userId, string eventName, object? data, string? project = null, CancellationToken cancellationToken = default)
        => SendAsync(null, Target(userId, nameof(userId)), eventName, Serialize(data), project, cancellationToken);

    public Task<int> SendToConnectionAsync<T>(string connectionId, string eventName, T data, JsonTypeInfo<T> jsonTypeInfo, string? project = null, CancellationToken cancellationToken = default)
        => SendAsync(Target(connectionId, nameof(connectionId)), null, eventName, Serialize(data, jsonTypeInfo), project, cancellationToken);

    public Task<int> SendToUserAsync<T>(string userId, string eventName, T data, JsonTypeInfo<T> jsonTypeInfo, string? project = null, CancellationToken cancellationToken = default)
        => SendAsync(null, Target(userId, nameof(userId)), eventName, Serialize(data, jsonTypeInfo), project, cancellationToken);

    public Task<int> DisconnectConnectionAsync(string connectionId, int closeCode = ProtocolCloseCodes.Normal, string reason = "disconnected by the server", CancellationToken cancellationToken = default)
        => DisconnectAsync(Target(connectionId, nameof(connectionId)), null, closeCode, reason, cancellationToken);

    public Task<int> DisconnectUserAsync(string userId, int closeCode = ProtocolCloseCodes.Normal, string reason = "disconnected by the server", CancellationToken cancellationToken = default)
        => DisconnectAsync(null, Target(userId, nameof(userId)), closeCode, reason, cancellationToken);

    public Task<int> SubscribeConnectionAsync(string connectionId, string project, IReadOnlyList<string>? events = null, CancellationToken cancellationToken = default)
        => SubscribeAsync(Target(connectionId, nameof(connectionId)), null, project, events, cancellationToken);

    public Task<int> SubscribeUserAsync(string userId, string project, IReadOnlyList<string>? events = null, CancellationToken cancellationToken = default)
        => SubscribeAsync(null, Target(userId, nameof(userId)), project, events, cancellationToken);

    public Task<int> UnsubscribeConnectionAsync(string connectionId, string project, CancellationToken cancellationToken = default)
        => LeaveAsync(ControlCommandKind.Unsubscribe, Target(connectionId, nameof(connectionId)), null, project, null, cancellationToken);

    public Task<int> UnsubscribeUserAsync(string userId, string project, CancellationToken cancellationToken = default)
        => LeaveAsync(ControlCommandKind.Unsubscribe, null, Target(userId, nameof(userId)), project, null, cancellationToken);

    public Task<int> RevokeUserAccessAsync(string userId, string project, string? message = null, CancellationToken cancellationToken = default)
        => LeaveAsync(ControlCommandKind.Revoke, null, Target(userId, nameof(userId)), project, message ?? DefaultRevokeMessage, cancellationToken);

    [RequiresUnreferencedCode(TrimmingMessages.Reflection)]
    [RequiresDynamicCode(TrimmingMessages.Reflection)]
    private byte[] Serialize(object? data)
        => data is null ? "null"u8.ToArray() : JsonSerializer.SerializeToUtf8Bytes(data, data.GetType(), options.Value.JsonSerializerOptions);

    private static byte[] Serialize<T>(T data, JsonTypeInfo<T> jsonTypeInfo)
    {
        ArgumentNullException.ThrowIfNull(jsonTypeInfo);
        return JsonSerializer.SerializeToUtf8Bytes(data, jsonTypeInfo);
    }

    private Task<int> SendAsync(string? connectionId, string? userId, string eventName, byte[] json, string? project, CancellationToken cancellationToken)
    {
        ProtocolArguments.ThrowIfInvalidEventName(eventName);
        if (project is not null)
        {
            ProtocolArguments.ThrowIfInvalidProject(project);
        }

        var settings = options.Value;
        var size = ProtocolWriter.DirectEvent(project, eventName, timeProvider.GetUtcNow(), json).Length;
        if (size > settings.MaxEventBytes)
        {
            // As for a broadcast: one oversized message would close the connection with 4001 instead.
            throw new ArgumentException($"Event '{eventName}' takes {size} bytes on the wire, more than MaxEventBytes ({settings.MaxEventBytes} bytes); it was not sent.", "data");
        }

        return RunAsync(new ControlCommand
        {
            Kind = ControlCommandKind.Send,
            ConnectionId = connectionId,
            UserId = userId,
            Project = project,
            EventName = eventName,
            Data = json,
        }, cancellationToken);
    }

    private Task<int> DisconnectAsync(string? connectionId, string? userId, int closeCode, string reason, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(reason);
        CloseCodeGuard.ThrowIfNotSendable(closeCode, nameof(closeCode));
        return RunAsync(new ControlCommand
        {
            Kind = ControlCommandKind.Disconnect,
            ConnectionId = connectionId,
            UserId = userId,
            CloseCode = closeCode,
            Reason = reason,
        }, cancellationToken);
    }

    private Task<int> SubscribeAsync(string? connectionId, string? userId, string project, IReadOnlyList<string>? events, CancellationToken cancellationToken)
    {
        ProtocolArguments.ThrowIfInvalidProject(project);
        if (events is not null)
        {
            // Throws ArgumentException for no, too many or invalid patterns, here rather than on every node.
            _ = EventFilter.Create(events);
        }

        return RunAsync(new ControlCommand
        {
            Kind = ControlCommandKind.Subscribe,
            ConnectionId = connectionId,
            UserId = userId,
            Project = project,
            Events = events is null ? null : [.. events],
        }, cancellationToken);
    }

    private Task<int> LeaveAsync(ControlCommandKind kind, string? connectionId, string? userId, string project, string? message, CancellationToken cancellationToken)
    {
        ProtocolArguments.ThrowIfInvalidProject(project);
        return RunAsync(new ControlCommand { Kind = kind, ConnectionId = connectionId, UserId = userId, Project = project, Reason = message }, cancellationToken);
    }

    private async Task<int> RunAsync(ControlCommand command, CancellationToken cancellationToken)
        => await bus.SendAsync(command, cancellationToken).ConfigureAwait(false);

    private static string Target(string id, string paramName)
    {
        ArgumentException.ThrowIfNullOrEmpty(id, paramName);
        return id;
    }
}
