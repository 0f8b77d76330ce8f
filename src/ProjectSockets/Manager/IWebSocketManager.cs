namespace ProjectSockets;

/// <summary>
/// Runs connections from accept to close and tracks them per project. Hosts inject this interface; host adapters
/// call <see cref="EvaluateHandshakeAsync"/> and <see cref="RunConnectionAsync"/>.
/// </summary>
public interface IWebSocketManager
{
    /// <summary>Gets the number of open connections on this node.</summary>
    int ConnectionCount { get; }

    /// <summary>
    /// Decides an upgrade request before the upgrade: origin (403), route project, query and subprotocol (400),
    /// authorizer (403), connection limit and shutdown (503). An accepted decision holds a connection slot.
    /// </summary>
    /// <param name="request">What the adapter learned from the request.</param>
    /// <param name="cancellationToken">Cancels the decision.</param>
    /// <returns>The decision; dispose it if the upgrade does not happen.</returns>
    ValueTask<HandshakeDecision> EvaluateHandshakeAsync(ConnectionRequest request, CancellationToken cancellationToken = default);

    /// <summary>
    /// Runs an upgraded connection: welcome, receive loop, command dispatch, writer loop, and cleanup however it ends.
    /// </summary>
    /// <param name="connection">The connection.</param>
    /// <param name="decision">The accepted decision for its request.</param>
    /// <param name="cancellationToken">Aborts the connection when cancelled.</param>
    /// <returns>A task that completes when the connection has ended and left every index.</returns>
    Task RunConnectionAsync(IConnection connection, HandshakeDecision decision, CancellationToken cancellationToken = default);

    /// <summary>Gets the ids of every open connection on this node.</summary>
    /// <returns>A snapshot.</returns>
    IReadOnlyList<string> GetConnectionIds();

    /// <summary>Gets the ids of this node's connections subscribed to <paramref name="project"/>.</summary>
    /// <param name="project">The project.</param>
    /// <returns>A snapshot.</returns>
    IReadOnlyList<string> GetConnections(string project);

    /// <summary>
    /// Gets the ids of this node's open connections of a user (as <see cref="IUserIdProvider"/> named it at the
    /// handshake).
    /// </summary>
    /// <param name="userId">The user id.</param>
    /// <returns>A snapshot; empty when the user has no connection open on this node.</returns>
    IReadOnlyList<string> GetUserConnections(string userId);

    /// <summary>Gets the projects a connection is subscribed to.</summary>
    /// <param name="connectionId">The connection id.</param>
    /// <returns>A snapshot; empty when the connection is unknown.</returns>
    IReadOnlyList<string> GetProjects(string connectionId);

    /// <summary>Gets how many of this node's connections are subscribed to <paramref name="project"/>.</summary>
    /// <param name="project">The project.</param>
    /// <returns>The count.</returns>
    int GetSubscriberCount(string project);

    /// <summary>
    /// Broadcasts an event to every subscriber of a project whose filter matches, on every node: the event gets its
    /// <c>seq</c> and enters history. The same as <see cref="IProjectEventPublisher.PublishAsync"/>.
    /// </summary>
    /// <param name="project">A valid project id.</param>
    /// <param name="eventName">A valid event name.</param>
    /// <param name="data">The event's data.</param>
    /// <param name="cancellationToken">Cancels the broadcast before it is stored.</param>
    /// <returns>The assigned seq and how many local subscribers it was queued for.</returns>
    /// <exception cref="ArgumentException">
    /// The project id or event name breaks the naming rules, or the encoded event would be larger than
    /// <see cref="ProjectSocketsOptions.MaxEventBytes"/> (<see cref="ArgumentException.ParamName"/> is <c>data</c>);
    /// nothing was stored or delivered.
    /// </exception>
    ValueTask<PublishResult> BroadcastAsync(string project, string eventName, object? data, CancellationToken cancellationToken = default);

    /// <summary>
    /// Sends an event to one connection only. It is outside every project's sequence: it carries no <c>seq</c> or
    /// <c>epoch</c>, is not stored in history and is not filtered.
    /// </summary>
    /// <param name="connectionId">The connection id.</param>
    /// <param name="eventName">A valid event name.</param>
    /// <param name="data">The event's data.</param>
    /// <param name="project">A project to name in the message, or <see langword="null"/>.</param>
    /// <returns><see langword="true"/> when it was queued; <see langword="false"/> when the connection is unknown or closing.</returns>
    /// <exception cref="ArgumentException">
    /// The event name or project breaks the naming rules, or the encoded event is larger than
    /// <see cref="ProjectSocketsOptions.MaxEventBytes"/> (<see cref="ArgumentException.ParamName"/> is <c>data</c>).
    /// </exception>
    bool SendToConnection(string connectionId, string eventName, object? data, string? project = null);

    /// <summary>Closes one connection with a code and reason; the client gets <c>disconnected</c> first.</summary>
    /// <param name="connectionId">The connection id.</param>
    /// <param name="closeCode">The close code: 1000 to 4999, except 1004, 1005, 1006 and 1015, which RFC 6455 reserves.</param>
    /// <param name="reason">The reason.</param>
    /// <returns>
    /// A task that completes when the connection has ended (at the latest one second after the close timeout, whatever
    /// the transport does); <see langword="false"/> when it was unknown.
    /// </returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="closeCode"/> cannot be sent in a close frame.</exception>
    Task<bool> DisconnectAsync(string connectionId, int closeCode = ProtocolCloseCodes.Normal, string reason = "disconnected by the server");

    /// <summary>
    /// Shuts down gracefully: refuses new connections with 503, sends every client <c>disconnected</c> and close 1001,
    /// and aborts whatever has not closed within the shutdown timeout.
    /// </summary>
    /// <param name="cancellationToken">Aborts the remaining connections at once when cancelled.</param>
    /// <returns>
    /// A task that completes when every connection has ended, and at the latest two seconds after the shutdown timeout
    /// (or after <paramref name="cancellationToken"/> is cancelled), whatever the connections' transports do.
    /// </returns>
    Task ShutdownAsync(CancellationToken cancellationToken = default);
}
