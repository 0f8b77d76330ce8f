using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ProjectSockets;

/// <summary>
/// The default <see cref="IWebSocketManager"/>: the face of the parts that do the work. The
/// <see cref="HandshakeEvaluator"/> admits connections, the <see cref="ConnectionRunner"/> runs each one (its
/// <see cref="ReceiveLoop"/> hands messages to the <see cref="CommandDispatcher"/>), the <see cref="ProjectFanout"/> is
/// the store's sink, the <see cref="HeartbeatMonitor"/> pings, and <see cref="ServerShutdown"/> stops. Their writers
/// are woken by this manager's own <see cref="SendQueueWaker"/>.
/// </summary>
internal sealed partial class WebSocketManager : IWebSocketManager, IDisposable
{
    /// <summary>The subprotocol of this protocol version.</summary>
    public const string SubProtocol = HandshakeEvaluator.SubProtocol;

    private readonly ProjectSocketsOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly SendQueueWaker _waker;
    private readonly ConnectionRegistry _registry = new();
    private readonly ProjectFanout _fanout;
    private readonly HandshakeEvaluator _handshake;
    private readonly ConnectionRunner _runner;
    private readonly HeartbeatMonitor _heartbeats;
    private readonly ServerShutdown _shutdown;
    private readonly LifecycleDispatcher _hooks;

    public WebSocketManager(
        IOptions<ProjectSocketsOptions> options,
        IProjectEventStore store,
        IProjectAuthorizer authorizer,
        CommandRegistry commands,
        IServiceScopeFactory scopeFactory,
        IControlBus controlBus,
        TimeProvider timeProvider,
        ProjectSocketsMetrics metrics,
        IUserIdProvider? users = null,
        IOptions<ConnectionLifecycleHooks>? hooks = null,
        IPresenceStore? presence = null,
        IPresenceInfoProvider? presenceInfo = null,
        IConnectionCredentials? credentials = null,
        ILogger<WebSocketManager>? logger = null,
        ICommandOutcomeStore? commandOutcomes = null)
    {
        _options = options.Value;
        _timeProvider = timeProvider;
        var log = logger ?? (ILogger)Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance;
        _waker = new SendQueueWaker(timeProvider);
        _hooks = new LifecycleDispatcher(hooks?.Value ?? new ConnectionLifecycleHooks(), timeProvider, log);
        presence ??= new InMemoryProjectPresence(options);
        var events = new ConnectionEvents(_hooks, presence, presenceInfo, log);
        _fanout = new ProjectFanout(store, _waker, metrics.Delivery, events, log);
        events.Fanout = _fanout;
        presence.RegisterSink(events);
        users ??= new ClaimsUserIdProvider();
        _handshake = new HandshakeEvaluator(_options, authorizer, users, _registry, log);
        credentials ??= new ClaimsConnectionCredentials();
        var control = new ControlExecutor(_options, _registry, _fanout, timeProvider, log);
        var dispatcher = new CommandDispatcher(
            commands,
            new SubscriptionCommands(_options, authorizer, _fanout, presence, log),
            new HistoryCommand(_options, authorizer, store, log),
            new PresenceCommand(_options, authorizer, presence, log),
            new HostCommandRunner(_options, authorizer, scopeFactory, timeProvider, metrics.Commands, log,
                commandOutcomes ?? new InMemoryCommandOutcomeStore(options, timeProvider)),
            new RefreshCommand(_options, credentials, authorizer, users, control, log));
        _runner = new ConnectionRunner(_options, new ConnectionIdentity(users, credentials), _registry, _fanout, events, new ReceiveLoop(_options, dispatcher, log), _waker, timeProvider, metrics, log);
        _heartbeats = new HeartbeatMonitor(_options.Heartbeat, _registry, _waker, timeProvider, log);
        _shutdown = new ServerShutdown(_options, _registry, timeProvider, log);
        controlBus.RegisterSink(control);
    }

    public int ConnectionCount => _registry.Count;

    /// <summary>Gets whether this node has begun shutting down and refuses new connections (for health checks).</summary>
    internal bool IsShuttingDown => _registry.IsShuttingDown;

    /// <summary>Gets how many projects have a subscriber set on this node (for tests: the last to leave removes it).</summary>
    internal int ProjectCount => _fanout.ProjectCount;

    /// <summary>Gets the waker of this manager's writers (for tests).</summary>
    internal SendQueueWaker Waker => _waker;

    /// <summary>Finds the state of an open connection (for diagnostics and tests).</summary>
    internal bool TryGetConnection(string connectionId, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out ConnectionState? state)
        => _registry.TryGet(connectionId, out state);

    public IReadOnlyList<string> GetConnectionIds() => [.. _registry.All.Keys];

    public IReadOnlyList<string> GetConnections(string project)
    {
        ArgumentNullException.ThrowIfNull(project);
        return _fanout.GetConnections(project);
    }

    public IReadOnlyList<string> GetUserConnections(string userId)
    {
        ArgumentNullException.ThrowIfNull(userId);
        return _registry.GetConnectionIdsOfUser(userId);
    }

    /// <summary>Gets how many users have a connection open on this node (for tests).</summary>
    internal int UserCount => _registry.UserCount;

    public IReadOnlyList<string> GetProjects(string connectionId)
    {
        ArgumentNullException.ThrowIfNull(connectionId);
        return _registry.TryGet(connectionId, out var state) ? state.GetProjects() : [];
    }

    public int GetSubscriberCount(string project)
    {
        ArgumentNullException.ThrowIfNull(project);
        return _fanout.GetSubscriberCount(project);
    }

    public ValueTask<HandshakeDecision> EvaluateHandshakeAsync(ConnectionRequest request, CancellationToken cancellationToken = default)
        => _handshake.EvaluateAsync(request, cancellationToken);

    public Task RunConnectionAsync(IConnection connection, HandshakeDecision decision, CancellationToken cancellationToken = default)
        => _runner.RunAsync(connection, decision, cancellationToken);

    [RequiresUnreferencedCode(TrimmingMessages.Reflection)]
    [RequiresDynamicCode(TrimmingMessages.Reflection)]
    public bool SendToConnection(string connectionId, string eventName, object? data, string? project = null)
    {
        CheckDirect(connectionId, eventName, project);
        var bytes = data is null ? "null"u8.ToArray() : JsonSerializer.SerializeToUtf8Bytes(data, data.GetType(), _options.JsonSerializerOptions);
        return SendDirect(connectionId, eventName, bytes, project);
    }

    public bool SendToConnection<T>(string connectionId, string eventName, T data, JsonTypeInfo<T> jsonTypeInfo, string? project = null)
    {
        ArgumentNullException.ThrowIfNull(jsonTypeInfo);
        CheckDirect(connectionId, eventName, project);
        return SendDirect(connectionId, eventName, JsonSerializer.SerializeToUtf8Bytes(data, jsonTypeInfo), project);
    }

    public async Task<bool> DisconnectAsync(string connectionId, int closeCode = ProtocolCloseCodes.Normal, string reason = "disconnected by the server")
    {
        ArgumentNullException.ThrowIfNull(connectionId);
        ArgumentNullException.ThrowIfNull(reason);
        CloseCodeGuard.ThrowIfNotSendable(closeCode, nameof(closeCode));

        if (!_registry.TryGet(connectionId, out var state))
        {
            return false;
        }

        state.RequestClose(closeCode, reason, sendDisconnected: true, discardPending: false);
        await state.Completed.ConfigureAwait(false);
        return true;
    }

    public Task ShutdownAsync(CancellationToken cancellationToken = default) => _shutdown.RunAsync(cancellationToken);

    public void Dispose()
    {
        _heartbeats.Dispose();
        _hooks.Dispose();
    }

    /// <summary>Gets the loop of the lifecycle hooks (for tests: completes after disposal).</summary>
    internal Task HooksCompletion => _hooks.Completion;

    private static void CheckDirect(string connectionId, string eventName, string? project)
    {
        ArgumentNullException.ThrowIfNull(connectionId);
        ProtocolArguments.ThrowIfInvalidEventName(eventName);
        if (project is not null)
        {
            ProtocolArguments.ThrowIfInvalidProject(project);
        }
    }

    private bool SendDirect(string connectionId, string eventName, byte[] data, string? project)
    {
        var message = ProtocolWriter.DirectEvent(project, eventName, _timeProvider.GetUtcNow(), data);
        if (message.Length > _options.MaxEventBytes)
        {
            // As for a broadcast: one oversized message would close the connection with 4001 instead.
            throw new ArgumentException($"Event '{eventName}' takes {message.Length} bytes on the wire, more than MaxEventBytes ({_options.MaxEventBytes} bytes); it was not sent.", "data");
        }

        return _registry.TryGet(connectionId, out var state) && state.TryEnqueue(message);
    }
}
