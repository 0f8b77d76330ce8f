namespace ProjectSockets;

/// <summary>What a <see cref="ControlCommand"/> does.</summary>
public enum ControlCommandKind
{
    /// <summary>Send a direct event (<see cref="ControlCommand.EventName"/>, <see cref="ControlCommand.Data"/>).</summary>
    Send = 0,

    /// <summary>Close with <see cref="ControlCommand.CloseCode"/> and <see cref="ControlCommand.Reason"/>.</summary>
    Disconnect = 1,

    /// <summary>Subscribe to <see cref="ControlCommand.Project"/> with <see cref="ControlCommand.Events"/>.</summary>
    Subscribe = 2,

    /// <summary>End the subscription to <see cref="ControlCommand.Project"/> (reason <c>server</c>).</summary>
    Unsubscribe = 3,

    /// <summary>End the subscription to <see cref="ControlCommand.Project"/> (reason <c>revoked</c>).</summary>
    Revoke = 4,
}
