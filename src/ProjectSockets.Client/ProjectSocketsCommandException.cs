namespace ProjectSockets.Client;

/// <summary>The server answered a command with <c>ok: false</c>: the protocol error code and message.</summary>
public sealed class ProjectSocketsCommandException : ProjectSocketsException
{
    /// <summary>Initializes a new instance of the <see cref="ProjectSocketsCommandException"/> class.</summary>
    public ProjectSocketsCommandException()
        : this(string.Empty, ProtocolErrorCodes.HandlerError, "The command failed.")
    {
    }

    /// <summary>Initializes a new instance of the <see cref="ProjectSocketsCommandException"/> class.</summary>
    /// <param name="message">The message.</param>
    public ProjectSocketsCommandException(string message)
        : this(string.Empty, ProtocolErrorCodes.HandlerError, message)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="ProjectSocketsCommandException"/> class.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public ProjectSocketsCommandException(string message, Exception? innerException)
        : base(message, innerException)
    {
        Command = string.Empty;
        Code = ProtocolErrorCodes.HandlerError;
    }

    /// <summary>Initializes a new instance of the <see cref="ProjectSocketsCommandException"/> class.</summary>
    /// <param name="command">The command that failed.</param>
    /// <param name="code">The protocol error code, for example <c>invalid_args</c> or a host's <c>task_not_found</c>.</param>
    /// <param name="message">The server's message.</param>
    public ProjectSocketsCommandException(string command, string code, string message)
        : base(message)
    {
        ArgumentNullException.ThrowIfNull(command);
        ArgumentNullException.ThrowIfNull(code);
        Command = command;
        Code = code;
    }

    /// <summary>Gets the command that failed.</summary>
    public string Command { get; }

    /// <summary>Gets the protocol error code (see <see cref="ProtocolErrorCodes"/>, or one of the host's own).</summary>
    public string Code { get; }

    /// <summary>
    /// Gets whether the server answered with the remembered outcome of an earlier copy of the command (sent again
    /// after a reconnect): the failure is that of the command's one run.
    /// </summary>
    public bool Replayed { get; internal init; }
}
