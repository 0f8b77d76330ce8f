namespace ProjectSockets.Client;

/// <summary>Describes a change of <see cref="ProjectSocketsClient.State"/>.</summary>
public sealed class ProjectSocketsStateChangedEventArgs : EventArgs
{
    /// <summary>Initializes a new instance of the <see cref="ProjectSocketsStateChangedEventArgs"/> class.</summary>
    /// <param name="previousState">The state before the change.</param>
    /// <param name="state">The new state.</param>
    /// <param name="closeCode">The WebSocket close code that ended the connection, when there was one.</param>
    /// <param name="closeReason">The close reason, or why the connection ended.</param>
    /// <param name="exception">The error that ended the connection, when there was one.</param>
    public ProjectSocketsStateChangedEventArgs(
        ProjectSocketsClientState previousState,
        ProjectSocketsClientState state,
        int? closeCode = null,
        string? closeReason = null,
        Exception? exception = null)
    {
        PreviousState = previousState;
        State = state;
        CloseCode = closeCode;
        CloseReason = closeReason;
        Exception = exception;
    }

    /// <summary>Gets the state before the change.</summary>
    public ProjectSocketsClientState PreviousState { get; }

    /// <summary>Gets the new state.</summary>
    public ProjectSocketsClientState State { get; }

    /// <summary>
    /// Gets the close code that ended the connection (for <see cref="ProjectSocketsClientState.Reconnecting"/> and
    /// <see cref="ProjectSocketsClientState.Disconnected"/>), or <see langword="null"/> when it broke without one.
    /// </summary>
    public int? CloseCode { get; }

    /// <summary>Gets the close reason, or a short description of why the connection ended.</summary>
    public string? CloseReason { get; }

    /// <summary>Gets the error that ended the connection or the last attempt, when there was one.</summary>
    public Exception? Exception { get; }
}
