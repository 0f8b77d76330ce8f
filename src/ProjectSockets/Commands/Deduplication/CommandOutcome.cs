namespace ProjectSockets;

/// <summary>What a command answered: its result data, or its error code and message. Remembered per session.</summary>
public sealed class CommandOutcome
{
    private CommandOutcome(bool ok, ReadOnlyMemory<byte> data, string? errorCode, string? errorMessage)
    {
        Ok = ok;
        Data = data;
        ErrorCode = errorCode;
        ErrorMessage = errorMessage;
    }

    /// <summary>Gets whether the command succeeded.</summary>
    public bool Ok { get; }

    /// <summary>Gets the result data as compact UTF-8 JSON; empty for <c>null</c> or a failure.</summary>
    public ReadOnlyMemory<byte> Data { get; }

    /// <summary>Gets the error code of a failure, or <see langword="null"/>.</summary>
    public string? ErrorCode { get; }

    /// <summary>Gets the error message of a failure, or <see langword="null"/>.</summary>
    public string? ErrorMessage { get; }

    /// <summary>A successful outcome.</summary>
    /// <param name="data">The result data as compact UTF-8 JSON, or empty for <c>null</c>.</param>
    /// <returns>The outcome.</returns>
    public static CommandOutcome Success(ReadOnlyMemory<byte> data) => new(true, data, null, null);

    /// <summary>A failed outcome.</summary>
    /// <param name="errorCode">The error code.</param>
    /// <param name="errorMessage">The message for the client.</param>
    /// <returns>The outcome.</returns>
    public static CommandOutcome Failure(string errorCode, string errorMessage)
    {
        ArgumentNullException.ThrowIfNull(errorCode);
        ArgumentNullException.ThrowIfNull(errorMessage);
        return new(false, ReadOnlyMemory<byte>.Empty, errorCode, errorMessage);
    }
}
