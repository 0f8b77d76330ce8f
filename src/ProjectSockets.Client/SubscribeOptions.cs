namespace ProjectSockets.Client;

/// <summary>How <see cref="ProjectSocketsClient.SubscribeAsync"/> subscribes to a project.</summary>
public sealed class SubscribeOptions
{
    /// <summary>
    /// Gets or sets the server-side event filter: event names, prefixes ending in <c>*</c> (<c>agent_*</c>), or
    /// <c>*</c>; 1 to 32 patterns.
    /// </summary>
    /// <value>Default is <see langword="null"/>: every event of the project.</value>
    public IReadOnlyList<string>? Events { get; set; }

    /// <summary>
    /// Gets or sets whether the subscription keeps its events in a bounded buffer for reading as an
    /// <see cref="IAsyncEnumerable{T}"/>. The application must then read it: when the buffer is full the client stops
    /// reading from the server until there is room, and a server that cannot wait closes the connection (4001), after
    /// which the client reconnects and resumes. Without it, events reach only the <c>On</c> handlers.
    /// </summary>
    /// <value>Default is <see langword="false"/>.</value>
    public bool BufferEvents { get; set; }
}
