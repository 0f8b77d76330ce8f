using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
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
    /// <summary>The subprotocol the client offers.</summary>
    public const string SubProtocol = "projectsockets.v1";

    // The client is a face over its parts in Internal/, one job each: the fields below are those parts.
    private readonly ProjectSocketsClientOptions _options;
    private readonly CancellationTokenSource _disposing = new();
    private readonly ClientEvents _events;
    private readonly SessionSupervisor _supervisor;
    private readonly SubscriptionTracker _tracker;
    private readonly SubscriptionCommands _subscriptions;
    private readonly CommandCorrelator _commands;
    private readonly HandlerDispatcher _handlers;
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
        var logger = (ILogger?)loggerFactory?.CreateLogger<ProjectSocketsClient>() ?? NullLogger.Instance;
        _events = new ClientEvents(this, logger);
        var context = new ClientContext(options, timeProvider ?? TimeProvider.System, logger, _events, _disposing.Token);
        _tracker = new SubscriptionTracker(context);
        _commands = new CommandCorrelator(context);
        _handlers = new HandlerDispatcher(context);
        _subscriptions = new SubscriptionCommands(context, _tracker, _commands);
        var router = new ServerMessageRouter(context, _tracker, _handlers, new HeartbeatMonitor(context), new CredentialRefresher(context, _commands));
        var connector = new SessionConnector(context, _tracker, new ReceiveLoop(context, router), _subscriptions);
        _supervisor = new SessionSupervisor(context, connector, _tracker);
    }

    /// <summary>Raised on every change of <see cref="State"/>, with the close code and reason that caused it.</summary>
    public event EventHandler<ProjectSocketsStateChangedEventArgs>? StateChanged
    {
        add => _events.StateChanged += value;
        remove => _events.StateChanged -= value;
    }

    /// <summary>
    /// Raised when a project could not be resumed after a reconnect (<c>recovered: false</c>): events were lost to
    /// this client, and the application should reload that project's state. Raised before any newer event of it.
    /// </summary>
    public event EventHandler<ProjectSocketsRecoveryFailedEventArgs>? RecoveryFailed
    {
        add => _events.RecoveryFailed += value;
        remove => _events.RecoveryFailed -= value;
    }

    /// <summary>
    /// Raised when a subscription has ended because the server would not restore it after a reconnect: a final answer
    /// (<c>forbidden</c>, <c>limit_exceeded</c>, …), or transient answers (<c>handler_error</c>, <c>timeout</c>,
    /// <c>rate_limited</c>) for <see cref="ReconnectOptions.MaxAttempts"/> tries. The client has forgotten the project
    /// and the subscription's stream ends with the same <see cref="ProjectSocketsCommandException"/>.
    /// </summary>
    public event EventHandler<ProjectSocketsSubscriptionFailedEventArgs>? SubscriptionFailed
    {
        add => _events.SubscriptionFailed += value;
        remove => _events.SubscriptionFailed -= value;
    }

    /// <summary>Gets where the client stands.</summary>
    public ProjectSocketsClientState State => _supervisor.State;

    /// <summary>Gets the client's settings (for the extension methods).</summary>
    internal ProjectSocketsClientOptions Settings => _options;

    /// <summary>Gets the server's id of the current connection, or <see langword="null"/> when not connected.</summary>
    public string? ConnectionId => _supervisor.ConnectionId;

    /// <summary>Gets how many events arrived twice around a resume and were dropped before reaching the application.</summary>
    internal long DuplicatesDropped => _tracker.DuplicatesDropped;

    /// <summary>
    /// Opens the connection and waits for the server's <c>welcome</c>. A refused or failed first connection throws;
    /// once connected, the client reconnects by itself (see <see cref="ProjectSocketsClientOptions.Reconnect"/>).
    /// </summary>
    /// <param name="cancellationToken">Cancels the attempt.</param>
    /// <returns>A task that completes when the client is <see cref="ProjectSocketsClientState.Connected"/>.</returns>
    /// <exception cref="ProjectSocketsConnectionException">The server refused (see <see cref="ProjectSocketsConnectionException.StatusCode"/>) or could not be reached.</exception>
    /// <exception cref="InvalidOperationException">The client is already connected or connecting.</exception>
    public async Task ConnectAsync(CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        await _supervisor.ConnectAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Subscribes to a project. From the server's answer on, each of its events that passes the filter is delivered
    /// once and in order, across reconnects: to the <c>On</c> handlers and, with <see cref="SubscribeOptions.BufferEvents"/>,
    /// to the subscription's stream. Dispose the subscription to unsubscribe. After a reconnect the client subscribes
    /// again from where the application stands, retrying transient answers with backoff; should the server refuse for
    /// good, <see cref="SubscriptionFailed"/> is raised and the stream ends with the server's error.
    /// </summary>
    /// <param name="project">The project id.</param>
    /// <param name="options">The filter and buffering; every event, unbuffered, when <see langword="null"/>.</param>
    /// <param name="cancellationToken">Stops waiting for the server's answer.</param>
    /// <returns>The subscription.</returns>
    /// <exception cref="ProjectSocketsCommandException">The server refused, for example <c>forbidden</c> or <c>limit_exceeded</c>.</exception>
    /// <exception cref="ProjectSocketsConnectionException">Not connected, or the connection was lost before the answer.</exception>
    /// <exception cref="InvalidOperationException">The project is already subscribed, or is the URL's route project.</exception>
    public Task<ProjectSubscription> SubscribeAsync(string project, SubscribeOptions? options = null, CancellationToken cancellationToken = default)
        => _subscriptions.SubscribeAsync(this, project, options, RequireSession, cancellationToken);

    /// <summary>
    /// Calls <paramref name="handler"/> for each delivered event whose name matches, with its data read as
    /// <typeparamref name="TData"/> (camelCase by default). Handlers run one at a time on the receive loop.
    /// </summary>
    /// <typeparam name="TData">The type of the event's data; <see langword="default"/> is passed for JSON <c>null</c>.</typeparam>
    /// <param name="eventName">An event name, a prefix followed by <c>*</c> (<c>agent_*</c>), or <c>*</c> for every event.</param>
    /// <param name="handler">The handler; an exception it throws is logged and does not stop delivery.</param>
    /// <returns>A registration: dispose it to remove the handler.</returns>
    [RequiresUnreferencedCode(TrimmingMessages.Reflection)]
    [RequiresDynamicCode(TrimmingMessages.Reflection)]
    public IDisposable On<TData>(string eventName, Action<ProjectSocketsEvent, TData> handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        return _handlers.Add<TData>(eventName, static evt => evt.GetData<TData>()!, (evt, data) =>
        {
            handler(evt, data);
            return ValueTask.CompletedTask;
        });
    }

    /// <summary>
    /// Calls an asynchronous <paramref name="handler"/> for each delivered event whose name matches, with its data read
    /// as <typeparamref name="TData"/>. The next event waits until the returned task completes.
    /// </summary>
    /// <typeparam name="TData">The type of the event's data; <see langword="default"/> is passed for JSON <c>null</c>.</typeparam>
    /// <param name="eventName">An event name, a prefix followed by <c>*</c> (<c>agent_*</c>), or <c>*</c> for every event.</param>
    /// <param name="handler">The handler; an exception it throws is logged and does not stop delivery.</param>
    /// <returns>A registration: dispose it to remove the handler.</returns>
    [RequiresUnreferencedCode(TrimmingMessages.Reflection)]
    [RequiresDynamicCode(TrimmingMessages.Reflection)]
    public IDisposable On<TData>(string eventName, Func<ProjectSocketsEvent, TData, ValueTask> handler) => _handlers.Add(eventName, static evt => evt.GetData<TData>()!, handler);

    /// <summary>Calls <paramref name="handler"/> for each delivered event whose name matches.</summary>
    /// <param name="eventName">An event name, a prefix followed by <c>*</c> (<c>agent_*</c>), or <c>*</c> for every event.</param>
    /// <param name="handler">The handler; an exception it throws is logged and does not stop delivery.</param>
    /// <returns>A registration: dispose it to remove the handler.</returns>
    public IDisposable On(string eventName, Action<ProjectSocketsEvent> handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        return _handlers.Add(eventName, evt =>
        {
            handler(evt);
            return ValueTask.CompletedTask;
        });
    }

    /// <summary>Calls an asynchronous <paramref name="handler"/> for each delivered event whose name matches.</summary>
    /// <param name="eventName">An event name, a prefix followed by <c>*</c> (<c>agent_*</c>), or <c>*</c> for every event.</param>
    /// <param name="handler">The handler; the next event waits until its task completes.</param>
    /// <returns>A registration: dispose it to remove the handler.</returns>
    public IDisposable On(string eventName, Func<ProjectSocketsEvent, ValueTask> handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        return _handlers.Add(eventName, handler);
    }

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

        await _disposing.CancelAsync().ConfigureAwait(false);
        await _supervisor.StopAsync().ConfigureAwait(false);
    }

    /// <summary>Ends a subscription: the client forgets it at once and tells the server when connected.</summary>
    internal ValueTask UnsubscribeAsync(ProjectSubscription subscription)
        => new(_subscriptions.UnsubscribeAsync(subscription, () => _supervisor.ConnectedSession));

    /// <summary>The connection after <paramref name="previous"/> was lost, or <see langword="null"/> once the client stops.</summary>
    private Task<ClientSession?> NextSession(ClientSession previous) => _supervisor.HandOver.AfterAsync(
        previous, () => _supervisor.ConnectedSession, () => _supervisor.State == ProjectSocketsClientState.Disconnected);

    private ClientSession RequireSession()
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        return _supervisor.RequireSession();
    }
}
