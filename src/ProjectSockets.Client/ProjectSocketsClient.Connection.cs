using System.Net.WebSockets;
using ProjectSockets.Client.Internal;

namespace ProjectSockets.Client;

public sealed partial class ProjectSocketsClient
{
    /// <summary>The subprotocol the client offers.</summary>
    public const string SubProtocol = "projectsockets.v1";

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
        lock (_gate)
        {
            if (_state != ProjectSocketsClientState.Disconnected)
            {
                throw new InvalidOperationException($"The client is already {_state}.");
            }

            _state = ProjectSocketsClientState.Connecting;
        }

        Raise(StateChanged, new ProjectSocketsStateChangedEventArgs(ProjectSocketsClientState.Disconnected, ProjectSocketsClientState.Connecting), nameof(StateChanged));
        ClientSession session;
        try
        {
            session = await OpenSessionAsync(resume: false, cancellationToken);
        }
        catch (Exception exception)
        {
            var code = (exception as ProjectSocketsConnectionException)?.CloseCode;
            EndEverything(code, exception);
            SetState(ProjectSocketsClientState.Disconnected, code, exception.Message, exception);
            throw;
        }

        lock (_gate)
        {
            _session = session;
        }

        SetState(ProjectSocketsClientState.Connected);
        _supervisor = Task.Run(() => SuperviseAsync(session));
    }

    /// <summary>Watches the connection; when it ends, reconnects and resumes, or stops when the ending forbids it.</summary>
    private async Task SuperviseAsync(ClientSession session)
    {
        while (true)
        {
            var outcome = await session.Receiving;
            lock (_gate)
            {
                _session = null;
            }

            session.Dispose();
            ProjectSocketsClientLog.ConnectionLost(_logger, session.ConnectionId, outcome.CloseCode, outcome.Reason, outcome.Exception);
            if (_disposing.IsCancellationRequested)
            {
                return;
            }

            if (!_options.Reconnect.Enabled || !outcome.ShouldReconnect)
            {
                ProjectSocketsClientLog.NotReconnecting(_logger, outcome.CloseCode, outcome.Reason);
                Stop(outcome.CloseCode, outcome.Reason, outcome.Exception);
                return;
            }

            SetState(ProjectSocketsClientState.Reconnecting, outcome.CloseCode, outcome.Reason, outcome.Exception);
            var next = await ReconnectAsync();
            if (next is null)
            {
                return;
            }

            lock (_gate)
            {
                _session = next;
            }

            SetState(ProjectSocketsClientState.Connected);
            session = next;
        }
    }

    /// <summary>Tries until a connection is open and resumed; <see langword="null"/> when the client stopped instead.</summary>
    private async Task<ClientSession?> ReconnectAsync()
    {
        Exception? last = null;
        for (var attempt = 1; ; attempt++)
        {
            if (_options.Reconnect.MaxAttempts is { } max && attempt > max)
            {
                Stop(null, $"gave up after {max} reconnect attempts", last);
                return null;
            }

            var delay = ReconnectBackoff.Delay(_options.Reconnect, attempt, Random.Shared.NextDouble());
            ProjectSocketsClientLog.ReconnectScheduled(_logger, attempt, delay);
            try
            {
                await Task.Delay(delay, _timeProvider, _disposing.Token);
                return await OpenSessionAsync(resume: true, _disposing.Token);
            }
            catch (OperationCanceledException) when (_disposing.IsCancellationRequested)
            {
                return null;
            }
            catch (Exception exception) when (!ReconnectBackoff.ShouldRetry(exception))
            {
                ProjectSocketsClientLog.ReconnectFailed(_logger, attempt, exception);
                var refused = exception as ProjectSocketsConnectionException;
                Stop(refused?.CloseCode, exception.Message, exception);
                return null;
            }
            catch (Exception exception)
            {
                ProjectSocketsClientLog.ReconnectFailed(_logger, attempt, exception);
                last = exception;
            }
        }
    }

    /// <summary>Connects, waits for <c>welcome</c> and, when resuming, restores every subscription.</summary>
    private async Task<ClientSession> OpenSessionAsync(bool resume, CancellationToken cancellationToken)
    {
        using var timeout = new CancellationTokenSource(_options.ConnectTimeout, _timeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token, _disposing.Token);
        var token = _options.AccessTokenProvider is { } provider ? await provider(linked.Token) : null;
        var uri = BuildUri(token);
        var headers = new Dictionary<string, string>(_options.Headers, StringComparer.OrdinalIgnoreCase);
        if (!string.IsNullOrEmpty(token) && !_options.AccessTokenInQuery)
        {
            headers["Authorization"] = "Bearer " + token;
        }

        ProjectSocketsClientLog.Connecting(_logger, uri.GetLeftPart(UriPartial.Path));
        WebSocket socket;
        try
        {
            socket = await _options.WebSocketFactory(new WebSocketConnectRequest(uri, headers, SubProtocol, _options.ConfigureWebSocket), linked.Token);
        }
        catch (OperationCanceledException exception) when (timeout.IsCancellationRequested)
        {
            throw new ProjectSocketsConnectionException($"The connection was not opened within {_options.ConnectTimeout}.", exception);
        }

        var session = new ClientSession(socket, _timeProvider);
        session.Receiving = Task.Run(() => ReceiveLoopAsync(session));
        try
        {
            await session.Welcome.Task.WaitAsync(linked.Token);
            if (resume)
            {
                await ResubscribeAsync(session, linked.Token);
            }

            ProjectSocketsClientLog.Connected(_logger, session.ConnectionId);
            return session;
        }
        catch (Exception exception)
        {
            session.Abort("connection attempt failed");
            var outcome = await session.Receiving;
            session.Dispose();
            var welcomed = session.Welcome.Task.IsCompletedSuccessfully;
            if (exception is OperationCanceledException && timeout.IsCancellationRequested)
            {
                throw new ProjectSocketsConnectionException(
                    welcomed
                        ? $"The server welcomed the client but did not answer every resubscription within {_options.ConnectTimeout}."
                        : $"The server did not welcome the client within {_options.ConnectTimeout}.",
                    exception);
            }

            if (welcomed && exception is ProjectSocketsConnectionException lost)
            {
                throw new ProjectSocketsConnectionException("The connection was lost after the server's welcome, before every subscription was restored.", lost)
                {
                    CloseCode = lost.CloseCode ?? outcome.CloseCode,
                };
            }

            throw;
        }
    }

    /// <summary>The URL with the client's own query parameters: the resume point of the route project, the token.</summary>
    private Uri BuildUri(string? accessToken)
    {
        var url = _options.Url!;
        var parameters = new List<string>();
        foreach (var part in url.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var name = Uri.UnescapeDataString(part.Split('=')[0]);
            if (name is not ("since" or "epoch" or "access_token"))
            {
                parameters.Add(part);
            }
        }

        lock (_gate)
        {
            foreach (var state in _projects.Values)
            {
                if (state.IsRoute && state.Active && state.Epoch is { } epoch)
                {
                    parameters.Add(FormattableString.Invariant($"since={state.LastSeq}"));
                    parameters.Add("epoch=" + Uri.EscapeDataString(epoch));
                }
            }
        }

        if (!string.IsNullOrEmpty(accessToken) && _options.AccessTokenInQuery)
        {
            parameters.Add("access_token=" + Uri.EscapeDataString(accessToken));
        }

        return new UriBuilder(url) { Query = string.Join('&', parameters) }.Uri;
    }

    /// <summary>Sends close 1000 and waits for the server's close, or aborts after the close timeout.</summary>
    private async Task CloseSessionAsync(ClientSession session)
    {
        using var timeout = new CancellationTokenSource(_options.CloseTimeout, _timeProvider);
        try
        {
            await session.CloseOutputAsync(ProtocolCloseCodes.Normal, "client closing", timeout.Token);
            await session.Receiving.WaitAsync(timeout.Token);
        }
        catch (Exception exception) when (exception is OperationCanceledException or WebSocketException or IOException or ObjectDisposedException)
        {
            session.Abort("close timed out");
        }
    }

    /// <summary>Stops for good after an ending that forbids a retry.</summary>
    private void Stop(int? closeCode, string? reason, Exception? exception)
    {
        EndEverything(closeCode, exception);
        SetState(ProjectSocketsClientState.Disconnected, closeCode, reason, exception);
    }

    /// <summary>Forgets every subscription and ends its stream: normally on disposal, with an error otherwise.</summary>
    private void EndEverything(int? closeCode, Exception? exception)
    {
        ProjectState[] states;
        lock (_gate)
        {
            states = [.. _projects.Values];
            _projects.Clear();
        }

        var error = exception is ObjectDisposedException
            ? null
            : new ProjectSocketsConnectionException("The connection ended and the client is not reconnecting.", exception) { CloseCode = closeCode };
        foreach (var state in states)
        {
            state.Subscription?.Complete(error);
        }
    }
}
