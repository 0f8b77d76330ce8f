using System.Text.Json;

namespace ProjectSockets;

/// <summary>Settings of the ProjectSockets core. Every limit has the protocol's default and is validated at start-up.</summary>
public sealed class ProjectSocketsOptions
{
    /// <summary>Gets the heartbeat policy.</summary>
    public HeartbeatPolicy Heartbeat { get; } = new();

    /// <summary>Gets the history bounds per project.</summary>
    public HistoryOptions History { get; } = new();

    /// <summary>Gets how long publish ids are remembered (idempotent publishing).</summary>
    public IdempotencyOptions Idempotency { get; } = new();

    /// <summary>
    /// Gets the per-project settings, by project id or prefix pattern (<c>audit:*</c>); see
    /// <see cref="ProjectNamespaceOptions"/> for how a project's namespace is chosen. Bound from configuration as
    /// <c>Namespaces:0:Pattern</c>, <c>Namespaces:0:HistoryMaxEvents</c>, …
    /// </summary>
    public IList<ProjectNamespaceOptions> Namespaces { get; } = [];

    /// <summary>Gets the send queue bounds per connection.</summary>
    public SendQueueOptions SendQueue { get; } = new();

    /// <summary>Gets the command rate per connection.</summary>
    public CommandRateOptions CommandRate { get; } = new();

    /// <summary>Gets how command outcomes are remembered per client session, so that a retried command runs at most once.</summary>
    public CommandDeduplicationOptions CommandDeduplication { get; } = new();

    /// <summary>Gets when a misbehaving connection is closed with 1008.</summary>
    public PolicyCloseOptions PolicyClose { get; } = new();

    /// <summary>Gets which projects keep presence (off by default).</summary>
    public PresenceOptions Presence { get; } = new();

    /// <summary>Gets or sets the largest WebSocket message a client may send.</summary>
    /// <value>Default is 64 KiB. Must be between 256 bytes and 16 MiB.</value>
    public int MaxMessageBytes { get; set; } = 64 * 1024;

    /// <summary>
    /// Gets or sets the largest event that may be published, as the wire carries it: the data's JSON and the envelope
    /// (project, event name, seq, epoch, time). A larger one is refused before it is stored or delivered:
    /// <see cref="IProjectEventPublisher.PublishAsync(string, string, object?, CancellationToken)"/> throws <see cref="ArgumentException"/>. The size is checked
    /// before the event has its seq and epoch, so they are counted at their largest (a 19-digit seq, a 64-character
    /// epoch).
    /// </summary>
    /// <value>
    /// Default is 64 KiB: sixteen of the largest events fill a default send queue, sixty-four a default history.
    /// Must be at least 256, at most <see cref="SendQueueOptions.MaxBytes"/>, and at most
    /// <see cref="HistoryOptions.MaxBytes"/> unless that is 0.
    /// </value>
    public int MaxEventBytes { get; set; } = 64 * 1024;

    /// <summary>Gets or sets the most projects one connection may be subscribed to (the route project counts).</summary>
    /// <value>Default is 128. Must be at least 1.</value>
    public int MaxSubscriptionsPerConnection { get; set; } = 128;

    /// <summary>Gets or sets the most connections this server holds; beyond it, upgrades are refused with 503.</summary>
    /// <value>Default is <see langword="null"/> (unlimited). When set, must be at least 1.</value>
    public int? MaxConnections { get; set; }

    /// <summary>Gets or sets how long a command handler may run before the command fails with <c>timeout</c>.</summary>
    /// <value>Default is 30 seconds. Must be positive.</value>
    public TimeSpan CommandTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Gets or sets how long a close handshake may take before the connection is aborted. A transport that still does
    /// not end its pending send or receive one second after the abort is abandoned, so a connection always ends.
    /// </summary>
    /// <value>Default is 5 seconds. Must be positive.</value>
    public TimeSpan CloseTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Gets or sets how long a graceful shutdown waits for connections to close before aborting them. Shutdown returns
    /// at the latest two seconds after this, whatever the connections' transports do.
    /// </summary>
    /// <value>Default is 10 seconds. Must be positive.</value>
    public TimeSpan ShutdownTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Gets or sets how long before a connection's credentials expire (<see cref="IConnectionCredentials.GetExpiry"/>)
    /// the client is sent <c>credentials_expiring</c>, so that it can <c>refresh</c> before the close with 4003.
    /// </summary>
    /// <value>Default is 1 minute. Must be 0 or more (0: the close comes without a warning).</value>
    public TimeSpan CredentialExpiryWarning { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// Gets the origins allowed to connect, compared ordinally after the default port is normalised. When empty,
    /// only same-origin requests and requests with no <c>Origin</c> header are allowed.
    /// </summary>
    public IList<string> AllowedOrigins { get; } = [];

    /// <summary>Gets or sets the serializer options for event data, command arguments and results.</summary>
    /// <value>Default is <see cref="JsonSerializerDefaults.Web"/> (camelCase). Must not be indented.</value>
    public JsonSerializerOptions JsonSerializerOptions { get; set; } = new(JsonSerializerDefaults.Web);

    /// <summary>
    /// Resolves the settings of one project: those of its namespace (<see cref="Namespaces"/>) where set, the global
    /// ones otherwise.
    /// </summary>
    /// <param name="project">The project id.</param>
    /// <returns>The project's settings.</returns>
    public ProjectSettings GetProjectSettings(string project)
    {
        ArgumentNullException.ThrowIfNull(project);
        var match = ProjectNamespaces.Match(Namespaces, project);
        return new ProjectSettings(
            match?.HistoryMaxEvents ?? History.MaxEvents,
            match?.HistoryMaxBytes ?? History.MaxBytes,
            match?.HistoryMaxAge ?? History.MaxAge,
            match?.IdempotencyWindow ?? Idempotency.Window);
    }
}
