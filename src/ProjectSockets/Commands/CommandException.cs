namespace ProjectSockets;

/// <summary>
/// Thrown by a command handler to fail with its own error code (1 to 64 of <c>a-z 0-9 _</c>) and a message that
/// is sent to the client as is.
/// </summary>
public sealed class CommandException : Exception
{
    /// <summary>Initializes a new instance of the <see cref="CommandException"/> class.</summary>
    /// <param name="code">The error code, for example <c>task_not_found</c>.</param>
    /// <param name="message">A message for the client.</param>
    /// <exception cref="ArgumentException"><paramref name="code"/> breaks the rules for error codes.</exception>
    public CommandException(string code, string message)
        : base(message)
    {
        ArgumentNullException.ThrowIfNull(code);
        if (!ProtocolNames.IsValidErrorCode(code))
        {
            throw new ArgumentException($"'{code}' is not a valid error code: use 1 to 64 of a-z, 0-9 and _.", nameof(code));
        }

        Code = code;
    }

    /// <summary>Initializes a new instance of the <see cref="CommandException"/> class with a generic message.</summary>
    public CommandException()
        : this(ProtocolErrorCodes.HandlerError, "The command failed.")
    {
    }

    /// <summary>Initializes a new instance of the <see cref="CommandException"/> class.</summary>
    /// <param name="message">A message for the client.</param>
    public CommandException(string message)
        : this(ProtocolErrorCodes.HandlerError, message)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="CommandException"/> class.</summary>
    /// <param name="message">A message for the client.</param>
    /// <param name="innerException">The cause; it is logged, never sent.</param>
    public CommandException(string message, Exception innerException)
        : base(message, innerException)
    {
        Code = ProtocolErrorCodes.HandlerError;
    }

    /// <summary>Gets the error code sent to the client.</summary>
    public string Code { get; }
}
