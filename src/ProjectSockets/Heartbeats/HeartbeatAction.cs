namespace ProjectSockets;

/// <summary>What the heartbeat timer does to one connection at a tick.</summary>
internal enum HeartbeatAction
{
    None,
    Ping,
    Close,
}
