using System.Text.Json;
using Microsoft.Extensions.Options;

namespace ProjectSockets;

/// <summary>Serializes the data once and hands the event to the store.</summary>
internal sealed class DefaultProjectEventPublisher : IProjectEventPublisher
{
    private readonly IProjectEventStore _store;
    private readonly JsonSerializerOptions _jsonOptions;
    private readonly TimeProvider _timeProvider;

    // The manager is taken so that it is built, and registered as the store's sink, before the first publish.
    public DefaultProjectEventPublisher(IProjectEventStore store, IWebSocketManager manager, IOptions<ProjectSocketsOptions> options, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(manager);
        _store = store;
        _jsonOptions = options.Value.JsonSerializerOptions;
        _timeProvider = timeProvider;
    }

    public ValueTask<PublishResult> PublishAsync(string project, string eventName, object? data, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(project);
        ArgumentNullException.ThrowIfNull(eventName);
        if (!ProtocolNames.IsValidProject(project))
        {
            throw new ArgumentException($"'{project}' is not a valid project id.", nameof(project));
        }

        if (!ProtocolNames.IsValidName(eventName))
        {
            throw new ArgumentException($"'{eventName}' is not a valid event name.", nameof(eventName));
        }

        // Serialized once: every subscriber and the history share the bytes the store encodes from this. A store
        // that delivers before it returns (the in-memory one, under its lock) has its writers woken here, after it
        // released the lock.
        using var wakeUps = SendQueueWaker.BeginBatch(_timeProvider);
        return EventDataSerializer.AppendAsync(_store, project, eventName, data, _jsonOptions, cancellationToken);
    }
}
