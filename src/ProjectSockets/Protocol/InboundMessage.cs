namespace ProjectSockets;

/// <summary>The kinds of client-to-server message.</summary>
internal enum InboundMessageType
{
    Command,
    Ping,
    Pong,
}

/// <summary>One parsed client-to-server message, or the error it earned.</summary>
/// <param name="Type">The message type, when it could be read.</param>
/// <param name="Id">The command id, when it could be read.</param>
/// <param name="Command">The command name.</param>
/// <param name="Project">The project the command is about, or <see langword="null"/>.</param>
/// <param name="Args">The raw JSON of <c>args</c>, or <see langword="null"/> when absent or <c>null</c>.</param>
/// <param name="ErrorMessage">Why the message is a <c>bad_request</c>, or <see langword="null"/> when it is well formed.</param>
internal readonly record struct InboundMessage(
    InboundMessageType Type,
    string? Id,
    string? Command,
    string? Project,
    byte[]? Args,
    string? ErrorMessage)
{
    public bool IsValid => ErrorMessage is null;

    public static InboundMessage Invalid(string? id, string message) => new(InboundMessageType.Command, id, null, null, null, message);
}
