using Microsoft.Extensions.Logging;

namespace ProjectSockets;

/// <summary>
/// Stops the node: refuses new handshakes, closes every connection with 1001 after what is queued, and returns within
/// the shutdown timeout plus twice the abandon grace whatever the connections and their transports do.
/// </summary>
internal sealed class ServerShutdown(ProjectSocketsOptions options, ConnectionRegistry registry, TimeProvider timeProvider, ILogger logger)
{
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        registry.BeginShutdown();
        var states = registry.All.Values.ToArray();
        ProjectSocketsLog.ShutdownStarted(logger, states.Length);
        foreach (var state in states)
        {
            state.RequestClose(ProtocolCloseCodes.GoingAway, "server shutting down", sendDisconnected: true, discardPending: false);
        }

        // Both bounds start now, so that shutdown returns within ShutdownTimeout plus twice the abandon grace whatever
        // the connections and their transports do: an aborted connection ends within one grace (see ConnectionState).
        var completed = Task.WhenAll(states.Select(s => s.Completed));
        using var stopTimers = new CancellationTokenSource();
        var deadline = Task.Delay(options.ShutdownTimeout + (2 * ConnectionState.AbandonGrace), timeProvider, stopTimers.Token);
        try
        {
            await completed.WaitAsync(options.ShutdownTimeout, timeProvider, cancellationToken).ConfigureAwait(false);
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
                deadline = Task.Delay(2 * ConnectionState.AbandonGrace, timeProvider, stopTimers.Token);
            }

            if (await Task.WhenAny(completed, deadline).ConfigureAwait(false) != completed)
            {
                ProjectSocketsLog.ShutdownIncomplete(logger, states.Count(s => !s.Completed.IsCompleted));
            }
        }
        finally
        {
            await stopTimers.CancelAsync().ConfigureAwait(false);
        }
    }
}
