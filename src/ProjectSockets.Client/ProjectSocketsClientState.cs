namespace ProjectSockets.Client;

/// <summary>Where a <see cref="ProjectSocketsClient"/> stands.</summary>
public enum ProjectSocketsClientState
{
    /// <summary>Not connected, and not trying: before <see cref="ProjectSocketsClient.ConnectAsync"/>, after a close that forbids a retry, or after disposal.</summary>
    Disconnected,

    /// <summary>The first connection is being opened by <see cref="ProjectSocketsClient.ConnectAsync"/>.</summary>
    Connecting,

    /// <summary>Connected, and every subscription is in place.</summary>
    Connected,

    /// <summary>The connection was lost; the client waits and tries again, then resumes every subscription.</summary>
    Reconnecting,
}
