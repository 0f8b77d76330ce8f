using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ProjectSockets;

/// <summary>
/// The default <see cref="IWebSocketManager"/>: runs each connection, indexes connections globally and per project,
/// and is the store's sink for this node's events.
/// </summary>
internal sealed partial class WebSocketManager : IWebSocketManager, IProjectEventSink, IDisposable
{
    private readonly ConcurrentDictionary<string, ConnectionState> _connections = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, ProjectSubscribers> _projects = new(StringComparer.Ordinal);
    private readonly ProjectSocketsOptions _options;
    private readonly IProjectEventStore _store;
    private readonly IProjectAuthorizer _authorizer;
    private readonly CommandRegistry _commands;
    private readonly IServiceScopeFactory _scopeFactory;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly ITimer _heartbeatTimer;
    private readonly SendQueueWaker _waker;
    private int _admitted;
    private volatile bool _shuttingDown;

    public WebSocketManager(
        IOptions<ProjectSocketsOptions> options,
        IProjectEventStore store,
        IProjectAuthorizer authorizer,
        CommandRegistry commands,
        IServiceScopeFactory scopeFactory,
        TimeProvider timeProvider,
        ILogger<WebSocketManager>? logger = null)
    {
        _options = options.Value;
        _store = store;
        _authorizer = authorizer;
        _commands = commands;
        _scopeFactory = scopeFactory;
        _timeProvider = timeProvider;
        _logger = logger ?? (ILogger)Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance;
        _waker = new SendQueueWaker(timeProvider);
        _store.RegisterSink(this);

        // One timer for every connection; a tick of half an interval bounds how late a ping or a timeout can be.
        var tick = TimeSpan.FromTicks(Math.Max(TimeSpan.TicksPerMillisecond, _options.Heartbeat.Interval.Ticks / 2));
        _heartbeatTimer = timeProvider.CreateTimer(static state => ((WebSocketManager)state!).OnHeartbeat(), this, tick, tick);
    }

    public int ConnectionCount => _connections.Count;

    /// <summary>Finds the state of an open connection (for diagnostics and tests).</summary>
    internal bool TryGetConnection(string connectionId, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out ConnectionState? state)
        => _connections.TryGetValue(connectionId, out state);

    /// <summary>Gets the waker of this manager's writers (for tests).</summary>
    internal SendQueueWaker Waker => _waker;

    public IReadOnlyList<string> GetConnectionIds() => [.. _connections.Keys];

    public IReadOnlyList<string> GetConnections(string project)
    {
        ArgumentNullException.ThrowIfNull(project);
        return _projects.TryGetValue(project, out var set) ? [.. set.Items.Select(s => s.Connection.Id)] : [];
    }

    public IReadOnlyList<string> GetProjects(string connectionId)
    {
        ArgumentNullException.ThrowIfNull(connectionId);
        return _connections.TryGetValue(connectionId, out var state) ? state.GetProjects() : [];
    }

    public int GetSubscriberCount(string project)
    {
        ArgumentNullException.ThrowIfNull(project);
        return _projects.TryGetValue(project, out var set) ? set.Items.Length : 0;
    }

    public ValueTask<PublishResult> BroadcastAsync(string project, string eventName, object? data, CancellationToken cancellationToken = default)
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

        // Serialized once: every subscriber, and the history, share the bytes the store encodes from this. The
        // writers are woken once the store has returned, so not under its lock (see SendQueueWaker).
        using var wakeUps = _waker.BeginBatch();
        return EventDataSerializer.AppendAsync(_store, project, eventName, data, _options.JsonSerializerOptions, _options.MaxEventBytes, cancellationToken);
    }

    public bool SendToConnection(string connectionId, string eventName, object? data, string? project = null)
    {
        ArgumentNullException.ThrowIfNull(connectionId);
        ArgumentNullException.ThrowIfNull(eventName);
        if (!ProtocolNames.IsValidName(eventName))
        {
            throw new ArgumentException($"'{eventName}' is not a valid event name.", nameof(eventName));
        }

        if (project is not null && !ProtocolNames.IsValidProject(project))
        {
            throw new ArgumentException($"'{project}' is not a valid project id.", nameof(project));
        }

        var message = ProtocolWriter.DirectEvent(project, eventName, _timeProvider.GetUtcNow(), Serialize(data));
        if (message.Length > _options.MaxEventBytes)
        {
            // As for a broadcast: one oversized message would close the connection with 4001 instead.
            throw new ArgumentException($"Event '{eventName}' takes {message.Length} bytes on the wire, more than MaxEventBytes ({_options.MaxEventBytes} bytes); it was not sent.", nameof(data));
        }

        return _connections.TryGetValue(connectionId, out var state) && state.TryEnqueue(message);
    }

    public async Task<bool> DisconnectAsync(string connectionId, int closeCode = ProtocolCloseCodes.Normal, string reason = "disconnected by the server")
    {
        ArgumentNullException.ThrowIfNull(connectionId);
        ArgumentNullException.ThrowIfNull(reason);
        ArgumentOutOfRangeException.ThrowIfLessThan(closeCode, 1000);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(closeCode, 4999);
        if (closeCode is 1004 or 1005 or 1006 or 1015)
        {
            // RFC 6455 reserves these: no endpoint may put them in a close frame.
            throw new ArgumentOutOfRangeException(nameof(closeCode), closeCode, "Close codes 1004, 1005, 1006 and 1015 cannot be sent.");
        }

        if (!_connections.TryGetValue(connectionId, out var state))
        {
            return false;
        }

        state.RequestClose(closeCode, reason, sendDisconnected: true, discardPending: false);
        await state.Completed;
        return true;
    }

    public async Task ShutdownAsync(CancellationToken cancellationToken = default)
    {
        _shuttingDown = true;
        var states = _connections.Values.ToArray();
        ProjectSocketsLog.ShutdownStarted(_logger, states.Length);
        foreach (var state in states)
        {
            state.RequestClose(ProtocolCloseCodes.GoingAway, "server shutting down", sendDisconnected: true, discardPending: false);
        }

        // Both bounds start now, so that shutdown returns within ShutdownTimeout plus twice the abandon grace whatever
        // the connections and their transports do: an aborted connection ends within one grace (see ConnectionState).
        var completed = Task.WhenAll(states.Select(s => s.Completed));
        using var stopTimers = new CancellationTokenSource();
        var deadline = Task.Delay(_options.ShutdownTimeout + (2 * ConnectionState.AbandonGrace), _timeProvider, stopTimers.Token);
        try
        {
            await completed.WaitAsync(_options.ShutdownTimeout, _timeProvider, cancellationToken);
        }
        catch (Exception exception) when (exception is TimeoutException or OperationCanceledException)
        {
            foreach (var state in states)
            {
                state.EndLifetime();
            }

            if (cancellationToken.IsCancellationRequested)
            {
                // Stopping was cut short: the aborted connections still get their grace, not the whole timeout.
                deadline = Task.Delay(2 * ConnectionState.AbandonGrace, _timeProvider, stopTimers.Token);
            }

            if (await Task.WhenAny(completed, deadline) != completed)
            {
                ProjectSocketsLog.ShutdownIncomplete(_logger, states.Count(s => !s.Completed.IsCompleted));
            }
        }
        finally
        {
            await stopTimers.CancelAsync();
        }
    }

    public void Dispose() => _heartbeatTimer.Dispose();

    private byte[] Serialize(object? data)
        => data is null ? "null"u8.ToArray() : JsonSerializer.SerializeToUtf8Bytes(data, data.GetType(), _options.JsonSerializerOptions);

    private void OnHeartbeat()
    {
        var now = _timeProvider.GetTimestamp();

        // Pings wake their writers as a broadcast does (see SendQueueWaker): usually on this timer thread once every
        // connection is looked at, in chunks on the thread pool in a burst; never one work item per connection.
        using var wakeUps = _waker.BeginBatch();

        // Enumerating the dictionary itself takes no lock and copies nothing (Values would lock every bucket and copy
        // every connection into a new list at each tick).
        foreach (var (_, state) in _connections)
        {
            state.TrimSendQueue();
            if (state.IsClosing)
            {
                continue;
            }

            switch (state.CheckHeartbeat(now))
            {
                case HeartbeatAction.Ping:
                    state.TryEnqueue(ProtocolWriter.Ping);
                    break;
                case HeartbeatAction.Close:
                    ProjectSocketsLog.HeartbeatTimeout(_logger, state.Id);
                    state.RequestClose(ProtocolCloseCodes.HeartbeatTimeout, "heartbeat timeout", sendDisconnected: true, discardPending: true);
                    break;
            }
        }
    }
}
