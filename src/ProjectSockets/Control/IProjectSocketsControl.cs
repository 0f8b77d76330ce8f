using System.Diagnostics.CodeAnalysis;
using System.Text.Json.Serialization.Metadata;

namespace ProjectSockets;

/// <summary>
/// Steers connections from the server, wherever they are: on this node, or on any node that shares the backplane
/// (<see cref="IControlBus"/>). Each call addresses one connection (by id) or every connection of one user (by user
/// id), and returns how many connections it affected on the nodes that answered in time.
/// </summary>
public interface IProjectSocketsControl
{
    /// <summary>
    /// Sends a direct event (no <c>seq</c>, no <c>epoch</c>, not stored, not filtered) to one connection.
    /// </summary>
    /// <param name="connectionId">The connection id.</param>
    /// <param name="eventName">A valid event name.</param>
    /// <param name="data">The event's data.</param>
    /// <param name="project">A project to name in the message, or <see langword="null"/>.</param>
    /// <param name="cancellationToken">Stops waiting for the nodes' answers.</param>
    /// <returns>1 when it was queued, 0 when no node has that connection open.</returns>
    /// <exception cref="ArgumentException">
    /// The event name or project breaks the naming rules, or the encoded event is larger than
    /// <see cref="ProjectSocketsOptions.MaxEventBytes"/>.
    /// </exception>
    [RequiresUnreferencedCode(TrimmingMessages.Reflection)]
    [RequiresDynamicCode(TrimmingMessages.Reflection)]
    Task<int> SendToConnectionAsync(string connectionId, string eventName, object? data, string? project = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// Sends a direct event to one connection as <see cref="SendToConnectionAsync(string, string, object?, string?, CancellationToken)"/>
    /// does, its data serialized with <paramref name="jsonTypeInfo"/>: no reflection, safe in trimmed and Native AOT apps.
    /// </summary>
    /// <typeparam name="T">The type of the event's data.</typeparam>
    /// <param name="connectionId">The connection id.</param>
    /// <param name="eventName">A valid event name.</param>
    /// <param name="data">The event's data.</param>
    /// <param name="jsonTypeInfo">The serialization contract of <typeparamref name="T"/>.</param>
    /// <param name="project">A project to name in the message, or <see langword="null"/>.</param>
    /// <param name="cancellationToken">Stops waiting for the nodes' answers.</param>
    /// <returns>1 when it was queued, 0 when no node has that connection open.</returns>
    /// <exception cref="ArgumentException">As for the overload without a contract.</exception>
    Task<int> SendToConnectionAsync<T>(string connectionId, string eventName, T data, JsonTypeInfo<T> jsonTypeInfo, string? project = null, CancellationToken cancellationToken = default);

    /// <summary>Sends a direct event to every open connection of a user, on every node.</summary>
    /// <param name="userId">The user id (see <c>IUserIdProvider</c>).</param>
    /// <param name="eventName">A valid event name.</param>
    /// <param name="data">The event's data.</param>
    /// <param name="project">A project to name in the message, or <see langword="null"/>.</param>
    /// <param name="cancellationToken">Stops waiting for the nodes' answers.</param>
    /// <returns>How many connections it was queued for.</returns>
    /// <exception cref="ArgumentException">As for <see cref="SendToConnectionAsync(string, string, object?, string?, CancellationToken)"/>.</exception>
    [RequiresUnreferencedCode(TrimmingMessages.Reflection)]
    [RequiresDynamicCode(TrimmingMessages.Reflection)]
    Task<int> SendToUserAsync(string userId, string eventName, object? data, string? project = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// Sends a direct event to every open connection of a user, on every node, its data serialized with
    /// <paramref name="jsonTypeInfo"/>: no reflection, safe in trimmed and Native AOT apps.
    /// </summary>
    /// <typeparam name="T">The type of the event's data.</typeparam>
    /// <param name="userId">The user id (see <c>IUserIdProvider</c>).</param>
    /// <param name="eventName">A valid event name.</param>
    /// <param name="data">The event's data.</param>
    /// <param name="jsonTypeInfo">The serialization contract of <typeparamref name="T"/>.</param>
    /// <param name="project">A project to name in the message, or <see langword="null"/>.</param>
    /// <param name="cancellationToken">Stops waiting for the nodes' answers.</param>
    /// <returns>How many connections it was queued for.</returns>
    /// <exception cref="ArgumentException">As for the overload without a contract.</exception>
    Task<int> SendToUserAsync<T>(string userId, string eventName, T data, JsonTypeInfo<T> jsonTypeInfo, string? project = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// Closes one connection: it gets <c>disconnected</c> with the code and reason, after what was already queued.
    /// </summary>
    /// <param name="connectionId">The connection id.</param>
    /// <param name="closeCode">1000 to 4999, except 1004, 1005, 1006 and 1015, which RFC 6455 reserves.</param>
    /// <param name="reason">The reason (the close frame carries at most 123 bytes of it; <c>disconnected</c> carries it whole).</param>
    /// <param name="cancellationToken">Stops waiting for the nodes' answers.</param>
    /// <returns>1 once the connection has ended, 0 when no node has it open.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The close code cannot be sent.</exception>
    Task<int> DisconnectConnectionAsync(string connectionId, int closeCode = ProtocolCloseCodes.Normal, string reason = "disconnected by the server", CancellationToken cancellationToken = default);

    /// <summary>Closes every open connection of a user, on every node, as <see cref="DisconnectConnectionAsync"/> does.</summary>
    /// <param name="userId">The user id.</param>
    /// <param name="closeCode">1000 to 4999, except 1004, 1005, 1006 and 1015.</param>
    /// <param name="reason">The reason (the close frame carries at most 123 bytes of it; <c>disconnected</c> carries it whole).</param>
    /// <param name="cancellationToken">Stops waiting for the nodes' answers.</param>
    /// <returns>How many connections ended.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The close code cannot be sent.</exception>
    Task<int> DisconnectUserAsync(string userId, int closeCode = ProtocolCloseCodes.Normal, string reason = "disconnected by the server", CancellationToken cancellationToken = default);

    /// <summary>
    /// Subscribes one connection to a project from the server: the client gets a <c>subscribed</c> message (the
    /// project's position), then the project's newer events. The authorizer is not asked: the server decides. The
    /// per-connection subscription limit still applies; subscribing again replaces the filter.
    /// </summary>
    /// <param name="connectionId">The connection id.</param>
    /// <param name="project">A valid project id.</param>
    /// <param name="events">Filter patterns (1 to 32), or <see langword="null"/> for every event.</param>
    /// <param name="cancellationToken">Stops waiting for the nodes' answers.</param>
    /// <returns>1 when the connection was subscribed, 0 when no node has it open or it is at its limit.</returns>
    /// <exception cref="ArgumentException">The project or a pattern breaks the naming rules, or there are no or too many patterns.</exception>
    Task<int> SubscribeConnectionAsync(string connectionId, string project, IReadOnlyList<string>? events = null, CancellationToken cancellationToken = default);

    /// <summary>Subscribes every open connection of a user to a project, on every node, as <see cref="SubscribeConnectionAsync"/> does.</summary>
    /// <param name="userId">The user id.</param>
    /// <param name="project">A valid project id.</param>
    /// <param name="events">Filter patterns (1 to 32), or <see langword="null"/> for every event.</param>
    /// <param name="cancellationToken">Stops waiting for the nodes' answers.</param>
    /// <returns>How many connections were subscribed.</returns>
    /// <exception cref="ArgumentException">As for <see cref="SubscribeConnectionAsync"/>.</exception>
    Task<int> SubscribeUserAsync(string userId, string project, IReadOnlyList<string>? events = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// Ends one connection's subscription to a project from the server; the client gets an <c>unsubscribed</c>
    /// message with reason <c>server</c>.
    /// </summary>
    /// <param name="connectionId">The connection id.</param>
    /// <param name="project">A valid project id.</param>
    /// <param name="cancellationToken">Stops waiting for the nodes' answers.</param>
    /// <returns>1 when the connection was subscribed, else 0.</returns>
    /// <exception cref="ArgumentException">The project breaks the naming rules.</exception>
    Task<int> UnsubscribeConnectionAsync(string connectionId, string project, CancellationToken cancellationToken = default);

    /// <summary>Ends the subscription to a project of every connection of a user, on every node.</summary>
    /// <param name="userId">The user id.</param>
    /// <param name="project">A valid project id.</param>
    /// <param name="cancellationToken">Stops waiting for the nodes' answers.</param>
    /// <returns>How many connections were subscribed.</returns>
    /// <exception cref="ArgumentException">The project breaks the naming rules.</exception>
    Task<int> UnsubscribeUserAsync(string userId, string project, CancellationToken cancellationToken = default);

    /// <summary>
    /// Revokes a user's access to a project now: every subscription of theirs to it ends at once, on every node, and
    /// each connection gets an <c>unsubscribed</c> message with reason <c>revoked</c>. Later subscribes are the
    /// authorizer's to refuse: change what it reads before calling this.
    /// </summary>
    /// <param name="userId">The user id.</param>
    /// <param name="project">A valid project id.</param>
    /// <param name="message">A message for the client, or <see langword="null"/> for a generic one.</param>
    /// <param name="cancellationToken">Stops waiting for the nodes' answers.</param>
    /// <returns>How many subscriptions ended.</returns>
    /// <exception cref="ArgumentException">The project breaks the naming rules.</exception>
    Task<int> RevokeUserAccessAsync(string userId, string project, string? message = null, CancellationToken cancellationToken = default);
}
