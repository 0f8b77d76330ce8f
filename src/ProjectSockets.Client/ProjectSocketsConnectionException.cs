namespace ProjectSockets.Client;

/// <summary>
/// A connection could not be opened, or was lost while an operation needed it (a command waiting for its result:
/// it may or may not have run, and is not sent again).
/// </summary>
public sealed class ProjectSocketsConnectionException : ProjectSocketsException
{
    /// <summary>Initializes a new instance of the <see cref="ProjectSocketsConnectionException"/> class.</summary>
    public ProjectSocketsConnectionException()
    {
    }

    /// <summary>Initializes a new instance of the <see cref="ProjectSocketsConnectionException"/> class.</summary>
    /// <param name="message">The message.</param>
    public ProjectSocketsConnectionException(string message)
        : base(message)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="ProjectSocketsConnectionException"/> class.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public ProjectSocketsConnectionException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Gets the HTTP status of a refused upgrade (400, 401, 403, 503, …), or <see langword="null"/>.</summary>
    public int? StatusCode { get; init; }

    /// <summary>Gets the WebSocket close code that ended the connection, or <see langword="null"/>.</summary>
    public int? CloseCode { get; init; }
}
