namespace ProjectSockets;

internal sealed partial class WebSocketManager
{
    public async Task RunConnectionAsync(IConnection connection, HandshakeDecision decision, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(decision);
        if (!decision.IsAccepted)
        {
            throw new ArgumentException("The handshake decision refused this connection.", nameof(decision));
        }

        var release = decision.TakeRelease() ?? throw new InvalidOperationException("This handshake decision was already used.");
        var state = new ConnectionState(connection, _options, _timeProvider, _logger, _waker, cancellationToken);
        try
        {
            try
            {
                await OpenAsync(state, decision.Route);
                ProjectSocketsLog.ConnectionOpened(_logger, state.Id);
            }
            catch (Exception exception) when (decision.Route is { } route && !state.Lifetime.IsCancellationRequested)
            {
                // The store (a backplane that may be unreachable) could not attach the route project: the client is
                // told so with 1011 and reconnects, rather than meeting a connection that breaks without a word.
                ProjectSocketsLog.SubscribeFailed(_logger, route.Project, state.Id, exception);
                state.RequestClose(ProtocolCloseCodes.InternalError, "server error", sendDisconnected: true, discardPending: true);
            }

            var writer = state.RunWriterAsync();

            // Both waits end at the latest shortly after the lifetime (see ConnectionState.WaitBoundedAsync), and the
            // lifetime ends at the latest CloseTimeout after the close request below: whatever the transport does.
            var receive = ReceiveLoopAsync(state);
            var clientCloseCode = await state.WaitBoundedAsync(receive) ? await receive : null;

            // The client closed, the connection broke, or the transport rejected what the client sent: echo a close
            // where one can still be sent (no 'disconnected': the server did not start it).
            state.RequestClose(clientCloseCode ?? ProtocolCloseCodes.Normal, string.Empty, sendDisconnected: false, discardPending: true);
            await state.WaitBoundedAsync(writer);
            ProjectSocketsLog.ConnectionClosed(_logger, state.Id, state.CloseCode);
        }
        catch (Exception exception)
        {
            ProjectSocketsLog.ConnectionError(_logger, state.Id, exception);
            connection.Abort();
        }
        finally
        {
            foreach (var project in state.GetProjects())
            {
                RemoveSubscriber(state, project);
            }

            _connections.TryRemove(new KeyValuePair<string, ConnectionState>(state.Id, state));
            await state.Lifetime.CancelAsync();
            state.AbortRegistration.Dispose();
            state.Lifetime.Dispose();
            state.ReleaseAbandonTimer();
            release();
            state.MarkCompleted();
        }
    }

    /// <summary>Queues <c>welcome</c> first (with the route subscription and its replay), then makes the connection visible.</summary>
    private async Task OpenAsync(ConnectionState state, RouteSubscription? route)
    {
        var heartbeat = _options.Heartbeat;
        if (route is null)
        {
            state.TryEnqueue(ProtocolWriter.Welcome(state.Id, heartbeat, _options.MaxMessageBytes, null));
        }
        else
        {
            await AttachAsync(state, route.Project, route.Filter, route.Since, route.Epoch,
                position => ProtocolWriter.Welcome(state.Id, heartbeat, _options.MaxMessageBytes, position));
        }

        if (!_connections.TryAdd(state.Id, state))
        {
            throw new InvalidOperationException("A connection with this id is already running.");
        }

        if (_shuttingDown)
        {
            state.RequestClose(ProtocolCloseCodes.GoingAway, "server shutting down", sendDisconnected: true, discardPending: false);
        }
    }
}
