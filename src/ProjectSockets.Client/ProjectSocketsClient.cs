using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using ProjectSockets.Client.Internal;

namespace ProjectSockets.Client;

/// <summary>
/// A connection to a ProjectSockets server that survives drops: it reconnects with backoff and resumes every
/// subscribed project where the application left it, so each event is delivered once and in order. Events reach
/// <c>On</c> handlers and buffered subscriptions; commands are sent with <see cref="InvokeAsync(string, object?, string?, CancellationToken)"/>.
/// </summary>
/// <remarks>
/// Events, results, <see cref="StateChanged"/> and <see cref="RecoveryFailed"/> are raised from one receive loop, one at
/// a time and in order. While a handler runs, or a full subscription buffer waits for room, nothing more is read from
/// the server: keep handlers short, or hand work off. <see cref="SubscriptionFailed"/> is raised from the work that
/// restores subscriptions after a reconnect, once per ended subscription.
/// </remarks>
public sealed partial class ProjectSocketsClient : IAsyncDisposable
{
    private readonly ProjectSocketsClientOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly Lock _gate = new();
    private readonly Dictionary<string, ProjectState> _projects = new(StringComparer.Ordinal);
    private readonly EventHandlerRegistry _handlers = new();
    private readonly CancellationTokenSource _disposing = new();
    private ProjectSocketsClientState _state;
    private ClientSession? _session;
    private Task? _supervisor;
    private long _nextCommandId;
    private long _duplicatesDropped;
    private int _disposed;

    /// <summary>Initializes a new instance of the <see cref="ProjectSocketsClient"/> class. Call <see cref="ConnectAsync"/> next.</summary>
    /// <param name="options">The settings; checked now.</param>
    /// <param name="loggerFactory">Where to log, or <see langword="null"/> for nowhere.</param>
    /// <param name="timeProvider">The clock for heartbeats, timeouts and backoff; <see cref="TimeProvider.System"/> when <see langword="null"/>.</param>
    /// <exception cref="OptionsValidationException">A setting is out of range; the message names it.</exception>
    public ProjectSocketsClient(ProjectSocketsClientOptions options, ILoggerFactory? loggerFactory = null, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        var validation = new ProjectSocketsClientOptionsValidator().Validate(Options.DefaultName, options);
        if (validation.Failed)
        {
            throw new OptionsValidationException(Options.DefaultName, typeof(ProjectSocketsClientOptions), validation.Failures);
        }

        _options = options;
        _timeProvider = timeProvider ?? TimeProvider.System;
        _logger = (ILogger?)loggerFactory?.CreateLogger<ProjectSocketsClient>() ?? NullLogger.Instance;
    }

    /// <summary>Raised on every change of <see cref="State"/>, with the close code and reason that caused it.</summary>
    public event EventHandler<ProjectSocketsStateChangedEventArgs>? StateChanged;

    /// <summary>
    /// Raised when a project could not be resumed after a reconnect (<c>recovered: false</c>): events were lost to
    /// this client, and the application should reload that project's state. Raised before any newer event of it.
    /// </summary>
    public event EventHandler<ProjectSocketsRecoveryFailedEventArgs>? RecoveryFailed;

    /// <summary>Gets where the client stands.</summary>
    public ProjectSocketsClientState State
    {
        get
        {
            lock (_gate)
            {
                return _state;
            }
        }
    }

    /// <summary>Gets the server's id of the current connection, or <see langword="null"/> when not connected.</summary>
    public string? ConnectionId
    {
        get
        {
            lock (_gate)
            {
                return _session?.ConnectionId;
            }
        }
    }

    /// <summary>Gets how many events arrived twice around a resume and were dropped before reaching the application.</summary>
    internal long DuplicatesDropped => Interlocked.Read(ref _duplicatesDropped);

    /// <summary>
    /// Closes the connection cleanly (close 1000), stops reconnecting, fails commands still waiting, and ends every
    /// subscription's stream.
    /// </summary>
    /// <returns>A task that completes when the client has stopped.</returns>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await _disposing.CancelAsync();
        ClientSession? session;
        lock (_gate)
        {
            session = _session;
        }

        if (session is not null)
        {
            await CloseSessionAsync(session);
        }

        if (_supervisor is { } supervisor)
        {
            // A handler that never returns must not keep disposal waiting for ever.
            await supervisor.WaitAsync(_options.CloseTimeout, _timeProvider).ContinueWith(static _ => { }, TaskScheduler.Default);
        }

        EndEverything(null, new ObjectDisposedException(nameof(ProjectSocketsClient)));
        SetState(ProjectSocketsClientState.Disconnected, ProtocolCloseCodes.Normal, "client disposed");
    }

    private ClientSession RequireSession()
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        lock (_gate)
        {
            return _session is { } session && _state == ProjectSocketsClientState.Connected
                ? session
                : throw new ProjectSocketsConnectionException($"The client is not connected (it is {_state}).");
        }
    }

    private void SetState(ProjectSocketsClientState state, int? closeCode = null, string? reason = null, Exception? exception = null)
    {
        ProjectSocketsClientState previous;
        lock (_gate)
        {
            previous = _state;
            if (previous == state)
            {
                return;
            }

            _state = state;
        }

        ProjectSocketsClientLog.StateChanged(_logger, previous, state);
        Raise(StateChanged, new ProjectSocketsStateChangedEventArgs(previous, state, closeCode, reason, exception), nameof(StateChanged));
    }

    private void Raise<TArgs>(EventHandler<TArgs>? handler, TArgs args, string name)
    {
        try
        {
            handler?.Invoke(this, args);
        }
        catch (Exception exception)
        {
            ProjectSocketsClientLog.ClientEventHandlerFailed(_logger, name, exception);
        }
    }
}
