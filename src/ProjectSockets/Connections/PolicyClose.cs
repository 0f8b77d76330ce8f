namespace ProjectSockets;

/// <summary>Closes a connection that broke a rule of the protocol, after the answers that explain why.</summary>
internal static class PolicyClose
{
    public static void Request(ConnectionState state, int code, string reason)
    {
        // What is queued (the answers that explain the close) goes first, bounded by the queue and the close timeout.
        if (state.RequestClose(code, reason, sendDisconnected: true, discardPending: false))
        {
            state.Metrics.Connections.PolicyClosed(code);
            ProjectSocketsLog.PolicyClose(state.Logger, state.Id, reason);
        }
    }
}
