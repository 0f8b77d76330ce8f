namespace ProjectSockets;

/// <summary>
/// One control command as it travels between nodes: what to do, and to whom (a connection id or a user id). Built
/// and checked by <see cref="IProjectSocketsControl"/>; a backplane carries it as it is.
/// </summary>
public sealed class ControlCommand
{
    /// <summary>Gets what the command does.</summary>
    public required ControlCommandKind Kind { get; init; }

    /// <summary>Gets the connection addressed, or <see langword="null"/> when a user is.</summary>
    public string? ConnectionId { get; init; }

    /// <summary>Gets the user addressed, or <see langword="null"/> when a connection is.</summary>
    public string? UserId { get; init; }

    /// <summary>Gets the project: subscribed to, left, revoked, or named in a sent event.</summary>
    public string? Project { get; init; }

    /// <summary>Gets the event name of <see cref="ControlCommandKind.Send"/>.</summary>
    public string? EventName { get; init; }

    /// <summary>Gets the event data of <see cref="ControlCommandKind.Send"/>, as compact UTF-8 JSON.</summary>
    public ReadOnlyMemory<byte> Data { get; init; }

    /// <summary>Gets the close code of <see cref="ControlCommandKind.Disconnect"/>.</summary>
    public int CloseCode { get; init; }

    /// <summary>Gets the close reason of a disconnect, or the message of a revoke.</summary>
    public string? Reason { get; init; }

    /// <summary>Gets the filter patterns of <see cref="ControlCommandKind.Subscribe"/>, or <see langword="null"/> for every event.</summary>
    public IReadOnlyList<string>? Events { get; init; }
}
