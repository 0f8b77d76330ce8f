using Microsoft.Extensions.Logging;

namespace ProjectSockets;

/// <summary>
/// Runs one accepted connection from start to end: <c>welcome</c> (with the route subscription and its replay), the
/// writer and the receive loop, the close, then the cleanup (subscriptions, registry, lifetime, admission).
/// </summary>
internal sealed class ConnectionRunner(
    ProjectSocketsOptions options,
    ConnectionIdentity identity,
    ConnectionRegistry registry,
    ProjectFanout fanout,
    ConnectionEvents events,
    ReceiveLoop receiveLoop,
    SendQueueWaker waker,
    TimeProvider timeProvider,
    ProjectSocketsMetrics metrics,
    ILogger logger)
{
    /// <summary>Runs the connection; a bad argument faults the returned task, as it always has.</summary>
    public async Task RunAsync(IConnection connection, HandshakeDecision decision, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(decision);
        if (!decision.IsAccepted)
        {
            throw new ArgumentException("The handshake decision refused this connection.", nameof(decision));
        }

        var release = decision.TakeRelease() ?? throw new InvalidOperationException("This handshake decision was already used.");

        // Adapters hand over the request they evaluated; a connection carrying another one still gets its user id.
        connection.Request.ResolveUserId(identity.Users);
        var state = new ConnectionState(connection, options, timeProvider, logger, waker, metrics, cancellationToken);
        var opened = timeProvider.GetTimestamp();
        metrics.Connections.Opened();

        // Before the route subscription, so that a connection's hooks see Connected first and Disconnected last.
        events.Connected(state);
        try
        {
            try
            {
                await OpenAsync(state, decision.Route).ConfigureAwait(false);
                ProjectSocketsLog.ConnectionOpened(logger, state.Id);

                // After the welcome: credentials_expiring, or the close at expiry, can only come after it.
                state.Credentials.Schedule(identity.Credentials.GetExpiry(state.Request));
            }
            catch (Exception exception) when (decision.Route is { } route && !state.Lifetime.IsCancellationRequested)
            {
                // The store (a backplane that may be unreachable) could not attach the route project: the client is
                // told so with 1011 and reconnects, rather than meeting a connection that breaks without a word.
                ProjectSocketsLog.SubscribeFailed(logger, route.Project, state.Id, exception);
                state.RequestClose(ProtocolCloseCodes.InternalError, "server error", sendDisconnected: true, discardPending: true);
            }

            var writer = state.RunWriterAsync();

            // Both waits end at the latest shortly after the lifetime (see ConnectionState.WaitBoundedAsync), and the
            // lifetime ends at the latest CloseTimeout after the close request below: whatever the transport does.
            var receive = receiveLoop.RunAsync(state);
            var clientCloseCode = await state.WaitBoundedAsync(receive).ConfigureAwait(false) ? await receive.ConfigureAwait(false) : null;

            // The client closed, the connection broke, or the transport rejected what the client sent: echo a close
            // where one can still be sent (no 'disconnected': the server did not start it).
            state.RequestClose(clientCloseCode ?? ProtocolCloseCodes.Normal, string.Empty, sendDisconnected: false, discardPending: true);
            await state.WaitBoundedAsync(writer).ConfigureAwait(false);
            ProjectSocketsLog.ConnectionClosed(logger, state.Id, state.CloseCode);
        }
        catch (Exception exception)
        {
            ProjectSocketsLog.ConnectionError(logger, state.Id, exception);
            connection.Abort();
        }
        finally
        {
            foreach (var project in state.GetProjects())
            {
                fanout.RemoveSubscriber(state, project);
            }

            registry.Remove(state);
            events.Disconnected(state);

            state.Credentials.Dispose();
            await state.Lifetime.CancelAsync().ConfigureAwait(false);
            state.AbortRegistration.Dispose();
            state.Lifetime.Dispose();
            state.ReleaseAbandonTimer();
            release();
            metrics.Connections.Closed(state.CloseCode, timeProvider.GetElapsedTime(opened));
            state.MarkCompleted();
        }
    }

    /// <summary>Queues <c>welcome</c> first (with the route subscription and its replay), then makes the connection visible.</summary>
    private async Task OpenAsync(ConnectionState state, RouteSubscription? route)
    {
        var heartbeat = options.Heartbeat;
        TimeSpan? sessionWindow = SessionIdentity.Derive(state.Request) is null ? null : options.CommandDeduplication.Window;
        if (route is null)
        {
            state.TryEnqueue(ProtocolWriter.Welcome(state.Id, heartbeat, options.MaxMessageBytes, null, sessionWindow));
        }
        else
        {
            await fanout.AttachAsync(state, route.Project, route.Filter, route.Since, route.Epoch,
                position => ProtocolWriter.Welcome(state.Id, heartbeat, options.MaxMessageBytes, position, sessionWindow)).ConfigureAwait(false);
        }

        if (!registry.TryAdd(state))
        {
            throw new InvalidOperationException("A connection with this id is already running.");
        }

        if (registry.IsShuttingDown)
        {
            state.RequestClose(ProtocolCloseCodes.GoingAway, "server shutting down", sendDisconnected: true, discardPending: false);
        }
    }
}
