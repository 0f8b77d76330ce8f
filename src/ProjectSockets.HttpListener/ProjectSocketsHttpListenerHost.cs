using System.Collections.Concurrent;
using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace ProjectSockets;

/// <summary>
/// Serves ProjectSockets on <see cref="HttpListener"/>, for applications without ASP.NET Core: upgrade requests on
/// <c>{PathPrefix}</c> and <c>{PathPrefix}/{projectId}</c> are decided by the core and run by it. Runs as an
/// <see cref="IHostedService"/> (register it with <c>AddHttpListenerHost</c>) or standalone
/// (<see cref="StartAsync"/>, <see cref="StopAsync"/>, <see cref="DisposeAsync"/>). A host starts once.
/// </summary>
public sealed partial class ProjectSocketsHttpListenerHost : IHostedService, IAsyncDisposable, IDisposable
{
    private readonly IWebSocketManager _manager;
    private readonly HttpListenerHostOptions _options;
    private readonly ILogger _logger;
    private readonly bool _ownsServices;
    private readonly TimeProvider _timeProvider;
    private readonly TimeSpan _closeTimeout;
    private readonly CancellationTokenSource _shutdown = new();
    private readonly ConcurrentDictionary<long, Task> _requests = new();
    private readonly Lock _gate = new();
    private HttpListener? _listener;
    private Task _acceptLoop = Task.CompletedTask;
    private Task? _stop;
    private long _lastRequest;
    private HostState _state;

    /// <summary>
    /// Initializes a new instance of the <see cref="ProjectSocketsHttpListenerHost"/> class from services that hold
    /// ProjectSockets (<c>AddProjectSockets</c>) and the listener's options (<c>AddHttpListenerHost</c>).
    /// The host does not own <paramref name="services"/>.
    /// </summary>
    /// <param name="services">The application's services.</param>
    /// <exception cref="OptionsValidationException">The listener's options are not valid.</exception>
    public ProjectSocketsHttpListenerHost(IServiceProvider services)
        : this(services, ownsServices: false)
    {
    }

    internal ProjectSocketsHttpListenerHost(IServiceProvider services, bool ownsServices)
    {
        ArgumentNullException.ThrowIfNull(services);
        var options = services.GetRequiredService<IOptions<HttpListenerHostOptions>>().Value;

        // Validated here too: a standalone host has no generic host to run ValidateOnStart.
        var validation = new HttpListenerHostOptionsValidator().Validate(Options.DefaultName, options);
        if (validation.Failed)
        {
            throw new OptionsValidationException(Options.DefaultName, typeof(HttpListenerHostOptions), validation.Failures);
        }

        Services = services;
        _options = options;
        _manager = services.GetRequiredService<IWebSocketManager>();
        _timeProvider = services.GetService<TimeProvider>() ?? TimeProvider.System;
        _closeTimeout = services.GetService<IOptions<ProjectSocketsOptions>>()?.Value.CloseTimeout ?? TimeSpan.FromSeconds(5);
        _logger = (ILogger?)services.GetService<ILoggerFactory>()?.CreateLogger<ProjectSocketsHttpListenerHost>() ?? NullLogger.Instance;
        _ownsServices = ownsServices;
        Prefixes = [.. options.Prefixes];
        WebSocketUrls = [.. options.Prefixes.Select(prefix => ListenerPrefixes.ToWebSocketUrl(prefix, options.PathPrefix))];
    }

    private enum HostState
    {
        Created,
        Started,
        Stopped,
        Disposed,
    }

    /// <summary>Gets the services the host resolves ProjectSockets from.</summary>
    public IServiceProvider Services { get; }

    /// <summary>Gets the <see cref="HttpListener"/> prefixes the host listens on.</summary>
    public IReadOnlyList<string> Prefixes { get; }

    /// <summary>
    /// Gets the WebSocket URL of the endpoint behind each prefix, for example <c>ws://127.0.0.1:5181/ws</c>; append
    /// <c>/{projectId}</c> to connect with a route project. A wildcard host (<c>+</c>, <c>*</c>) reads as <c>localhost</c>.
    /// </summary>
    public IReadOnlyList<Uri> WebSocketUrls { get; }

    /// <summary>Gets whether the listener is accepting requests.</summary>
    public bool IsListening => _listener?.IsListening == true;

    /// <summary>Starts listening on every prefix and returns once the listener accepts requests.</summary>
    /// <param name="cancellationToken">Cancels the start.</param>
    /// <returns>A completed task once listening.</returns>
    /// <exception cref="HttpListenerException">A prefix cannot be bound, for example because its port is in use.</exception>
    /// <exception cref="InvalidOperationException">The host was already started.</exception>
    public Task StartAsync(CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_state == HostState.Disposed, this);
            if (_state != HostState.Created)
            {
                throw new InvalidOperationException("The host has already been started; a stopped host cannot start again.");
            }

            var listener = new HttpListener
            {
                AuthenticationSchemes = _options.AuthenticationSchemes,
                IgnoreWriteExceptions = true,
            };
            foreach (var prefix in _options.Prefixes)
            {
                listener.Prefixes.Add(prefix);
            }

            try
            {
                listener.Start();
            }
            catch
            {
                listener.Close();
                throw;
            }

            _listener = listener;
            _state = HostState.Started;
            _acceptLoop = Task.Run(() => AcceptLoopAsync(listener), CancellationToken.None);
        }

        HttpListenerHostLog.Started(_logger, string.Join(", ", WebSocketUrls));
        return Task.CompletedTask;
    }

    /// <summary>
    /// Stops gracefully: the manager sends every client <c>disconnected</c> and closes it with 1001 (upgrades that
    /// arrive meanwhile get 503), then the listener stops. Calling it again returns the same stop.
    /// </summary>
    /// <remarks>
    /// Bounded whatever the clients do: connections still open after <see cref="ProjectSocketsOptions.ShutdownTimeout"/>
    /// are aborted (their TCP connections closed, including those of clients that stopped reading), and requests not yet
    /// upgraded get <see cref="ProjectSocketsOptions.CloseTimeout"/> to end.
    /// </remarks>
    /// <param name="cancellationToken">Aborts the connections that are still closing when cancelled.</param>
    /// <returns>A task that completes when every connection has ended and the listener is closed.</returns>
    public Task StopAsync(CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            if (_state is HostState.Created)
            {
                return Task.CompletedTask;
            }

            if (_state is HostState.Started)
            {
                _state = HostState.Stopped;
            }

            return _stop ??= StopCoreAsync(cancellationToken);
        }
    }

    /// <summary>Stops the host if it is running and releases the listener (and the services it built, if any).</summary>
    /// <returns>A task that completes when everything is released.</returns>
    public async ValueTask DisposeAsync()
    {
        Task stop;
        lock (_gate)
        {
            if (_state is HostState.Disposed)
            {
                return;
            }

            stop = _state is HostState.Created ? Task.CompletedTask : _stop ??= StopCoreAsync(CancellationToken.None);
            _state = HostState.Disposed;
        }

        try
        {
            await stop.ConfigureAwait(false);
        }
        finally
        {
            _listener?.Close();
            if (_ownsServices && Services is IAsyncDisposable services)
            {
                await services.DisposeAsync().ConfigureAwait(false);
            }
            else if (_ownsServices && Services is IDisposable disposable)
            {
                disposable.Dispose();
            }
        }
    }

    /// <summary>
    /// Stops and releases the host synchronously, for containers disposed with <see cref="IDisposable.Dispose"/>;
    /// prefer <see cref="DisposeAsync"/>.
    /// </summary>
    public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();

    private async Task StopCoreAsync(CancellationToken cancellationToken)
    {
        HttpListenerHostLog.Stopping(_logger);
        try
        {
            // The listener keeps answering meanwhile, so late upgrades get a clear 503 rather than a refused connection.
            await _manager.ShutdownAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            // The manager has ended or aborted every connection it knew (its shutdown is bounded); the cancellation
            // aborts any that started since and ends the requests still before their upgrade. An aborted connection
            // closes its socket, so the wait is short; it is bounded all the same, whatever a request or the host's
            // authentication does.
            await _shutdown.CancelAsync().ConfigureAwait(false);
            var requests = _requests.Values.ToArray();
            try
            {
                await Task.WhenAll(requests).WaitAsync(_closeTimeout, _timeProvider, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception exception) when (exception is TimeoutException or OperationCanceledException)
            {
                HttpListenerHostLog.RequestsAbandoned(_logger, requests.Count(r => !r.IsCompleted));
            }

            // Only now: stopping the listener closes every connection it still has, and on a WebSocket that is still
            // open it would first write the end of an HTTP response into the stream, blocking if the client does not
            // read.
            _listener!.Stop();
            await _acceptLoop.ConfigureAwait(false);
            _listener.Close();
            HttpListenerHostLog.Stopped(_logger);
        }
    }
}
