using System.Net.WebSockets;

namespace ProjectSockets.Client.Internal;

/// <summary>
/// Owns the client's state and its current connection: connects, watches the connection and, when it ends, reconnects
/// with backoff (or stops when the ending forbids a retry), and closes cleanly on disposal. Every change of state is
/// logged and raised as <c>StateChanged</c>.
/// </summary>
/// <param name="context">The client's settings, clock, log, events and stop signal.</param>
/// <param name="connector">Opens each connection.</param>
/// <param name="tracker">The subscriptions, ended when the client stops for good.</param>
internal sealed class SessionSupervisor(ClientContext context, SessionConnector connector, SubscriptionTracker tracker)
{
    private readonly Lock _gate = new();
    private ProjectSocketsClientState _state;
    private ClientSession? _session;
    private Task? _watching;

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

    /// <summary>Gets where commands wait for the next connection.</summary>
    public SessionHandOver HandOver { get; } = new();

    /// <summary>Gets the current connection when the client is connected, else <see langword="null"/>.</summary>
    public ClientSession? ConnectedSession
    {
        get
        {
            lock (_gate)
            {
                return _state == ProjectSocketsClientState.Connected ? _session : null;
            }
        }
    }

    /// <summary>Gets the current connection.</summary>
    /// <exception cref="ProjectSocketsConnectionException">The client is not connected.</exception>
    public ClientSession RequireSession()
    {
        lock (_gate)
        {
            return _session is { } session && _state == ProjectSocketsClientState.Connected
                ? session
                : throw new ProjectSocketsConnectionException($"The client is not connected (it is {_state}).");
        }
    }

    /// <summary>Opens the first connection; a failure ends every subscription and is thrown.</summary>
    public async Task ConnectAsync(CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (_state != ProjectSocketsClientState.Disconnected)
            {
                throw new InvalidOperationException($"The client is already {_state}.");
            }

            _state = ProjectSocketsClientState.Connecting;
        }

        context.Events.RaiseStateChanged(new ProjectSocketsStateChangedEventArgs(ProjectSocketsClientState.Disconnected, ProjectSocketsClientState.Connecting));
        ClientSession session;
        try
        {
            session = await connector.OpenAsync(resume: false, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception)
        {
            var code = (exception as ProjectSocketsConnectionException)?.CloseCode;
            tracker.EndAll(code, exception);
            SetState(ProjectSocketsClientState.Disconnected, code, exception.Message, exception);
            throw;
        }

        lock (_gate)
        {
            _session = session;
        }

        SetState(ProjectSocketsClientState.Connected);
        _watching = Task.Run(() => WatchAsync(session));
    }

    /// <summary>Closes the connection (close 1000), waits for the watcher at most the close timeout, and ends everything.</summary>
    public async Task StopAsync()
    {
        ClientSession? session;
        lock (_gate)
        {
            session = _session;
        }

        if (session is not null)
        {
            await CloseAsync(session).ConfigureAwait(false);
        }

        if (_watching is { } watching)
        {
            // A handler that never returns must not keep disposal waiting for ever.
            await watching.WaitAsync(context.Options.CloseTimeout, context.TimeProvider).ContinueWith(static _ => { }, TaskScheduler.Default).ConfigureAwait(false);
        }

        tracker.EndAll(null, new ObjectDisposedException(nameof(ProjectSocketsClient)));
        SetState(ProjectSocketsClientState.Disconnected, ProtocolCloseCodes.Normal, "client disposed");
        HandOver.Announce(null);
    }

    /// <summary>Watches the connection; when it ends, reconnects and resumes, or stops when the ending forbids it.</summary>
    private async Task WatchAsync(ClientSession session)
    {
        while (true)
        {
            var outcome = await session.Receiving.ConfigureAwait(false);
            lock (_gate)
            {
                _session = null;
            }

            session.Dispose();
            ProjectSocketsClientLog.ConnectionLost(context.Logger, session.ConnectionId, outcome.CloseCode, outcome.Reason, outcome.Exception);
            if (context.Stopping.IsCancellationRequested)
            {
                return;
            }

            if (!context.Options.Reconnect.Enabled || !outcome.ShouldReconnect)
            {
                ProjectSocketsClientLog.NotReconnecting(context.Logger, outcome.CloseCode, outcome.Reason);
                Stop(outcome.CloseCode, outcome.Reason, outcome.Exception);
                return;
            }

            SetState(ProjectSocketsClientState.Reconnecting, outcome.CloseCode, outcome.Reason, outcome.Exception);
            if (await ReconnectAsync().ConfigureAwait(false) is not { } next)
            {
                return;
            }

            lock (_gate)
            {
                _session = next;
            }

            SetState(ProjectSocketsClientState.Connected);
            HandOver.Announce(next);
            session = next;
        }
    }

    /// <summary>Tries until a connection is open and resumed; <see langword="null"/> when the client stopped instead.</summary>
    private async Task<ClientSession?> ReconnectAsync()
    {
        var reconnect = context.Options.Reconnect;
        Exception? last = null;
        for (var attempt = 1; ; attempt++)
        {
            if (reconnect.MaxAttempts is { } max && attempt > max)
            {
                Stop(null, $"gave up after {max} reconnect attempts", last);
                return null;
            }

            var delay = ReconnectBackoff.Delay(reconnect, attempt, Random.Shared.NextDouble());
            ProjectSocketsClientLog.ReconnectScheduled(context.Logger, attempt, delay);
            try
            {
                await Task.Delay(delay, context.TimeProvider, context.Stopping).ConfigureAwait(false);
                return await connector.OpenAsync(resume: true, context.Stopping).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (context.Stopping.IsCancellationRequested)
            {
                return null;
            }
            catch (Exception exception) when (!ReconnectBackoff.ShouldRetry(exception))
            {
                ProjectSocketsClientLog.ReconnectFailed(context.Logger, attempt, exception);
                Stop((exception as ProjectSocketsConnectionException)?.CloseCode, exception.Message, exception);
                return null;
            }
            catch (Exception exception)
            {
                ProjectSocketsClientLog.ReconnectFailed(context.Logger, attempt, exception);
                last = exception;
            }
        }
    }

    /// <summary>Sends close 1000 and waits for the server's close, or aborts after the close timeout.</summary>
    private async Task CloseAsync(ClientSession session)
    {
        using var timeout = new CancellationTokenSource(context.Options.CloseTimeout, context.TimeProvider);
        try
        {
            await session.CloseOutputAsync(ProtocolCloseCodes.Normal, "client closing", timeout.Token).ConfigureAwait(false);
            await session.Receiving.WaitAsync(timeout.Token).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is OperationCanceledException or WebSocketException or IOException or ObjectDisposedException)
        {
            session.Abort("close timed out");
        }
    }

    /// <summary>Stops for good after an ending that forbids a retry.</summary>
    private void Stop(int? closeCode, string? reason, Exception? exception)
    {
        tracker.EndAll(closeCode, exception);
        SetState(ProjectSocketsClientState.Disconnected, closeCode, reason, exception);
        HandOver.Announce(null);
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

        ProjectSocketsClientLog.StateChanged(context.Logger, previous, state);
        context.Events.RaiseStateChanged(new ProjectSocketsStateChangedEventArgs(previous, state, closeCode, reason, exception));
    }
}
