using StackExchange.Redis;

namespace ProjectSockets.StackExchangeRedis;

/// <summary>
/// How the Redis event store connects and names its keys. History bounds are the core's
/// (<see cref="ProjectSocketsOptions.History"/>), applied in Redis.
/// </summary>
public sealed class ProjectSocketsRedisOptions
{
    /// <summary>The default <see cref="KeyPrefix"/>.</summary>
    public const string DefaultKeyPrefix = "projectsockets:";

    /// <summary>
    /// Gets or sets the StackExchange.Redis configuration used to connect, when no connection was supplied.
    /// </summary>
    /// <value>
    /// Default is parsed from the configuration string given to <c>AddStackExchangeRedis</c>, with
    /// <see cref="ConfigurationOptions.AbortOnConnectFail"/> off (the host starts while Redis is down and connects
    /// when it comes) and <see cref="BacklogPolicy.FailFast"/> (a publish while Redis is unreachable throws at once
    /// instead of waiting in a queue). Must name at least one endpoint.
    /// </value>
    public ConfigurationOptions Configuration { get; set; } = new();

    /// <summary>
    /// Gets or sets the prefix of every key and channel the store uses, so that several applications can share one
    /// Redis. Every node of one application must use the same prefix.
    /// </summary>
    /// <value>Default is <c>projectsockets:</c>. At most 128 characters, without <c>{</c> or <c>}</c> (they would break the hash tag).</value>
    public string KeyPrefix { get; set; } = DefaultKeyPrefix;

    /// <summary>
    /// Gets or sets how long a project's <c>seq</c> and <c>epoch</c> stay in Redis after its last publish or
    /// subscription. Once they expire, the project starts again in a new epoch: resuming clients get
    /// <c>recovered: false</c>. Nodes with subscribers renew it at every <see cref="VerifyInterval"/>.
    /// </summary>
    /// <value>Default is 1 day. Must be at least <see cref="HistoryOptions.MaxAge"/> and at least 1 minute.</value>
    public TimeSpan ProjectExpiry { get; set; } = TimeSpan.FromDays(1);

    /// <summary>
    /// Gets or sets how often a node compares, for each project it listens to, its delivery position with Redis:
    /// a safety net that finds events whose notification never arrived (it fills them from history) and a lost
    /// history (it closes the project's subscribers with 4001 so they resume).
    /// </summary>
    /// <value>Default is 30 seconds. At least 1 second, or <see cref="Timeout.InfiniteTimeSpan"/> to turn it off.</value>
    public TimeSpan VerifyInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Gets or sets how long a control command (<see cref="IProjectSocketsControl"/>) waits for the answers of the
    /// nodes it reached; a node that answers later is left out of the returned count. A node answers a disconnect once
    /// its connections have closed, which takes at most the core's close timeout and one second.
    /// </summary>
    /// <value>Default is 10 seconds. Must be positive.</value>
    public TimeSpan ControlTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Gets or sets the id this node goes by in Redis: the owner of its presence members and lease, and the address of
    /// messages meant for it alone. Every node of one application needs its own; a node that restarts under the same
    /// id takes over what it left behind.
    /// </summary>
    /// <value>
    /// Default is <see langword="null"/>: each store instance makes a random id (128 bits) when it starts. When set,
    /// 1 to 64 of <c>A-Z a-z 0-9 . _ : -</c>.
    /// </value>
    public string? NodeId { get; set; }

    /// <summary>
    /// Gets or sets how long a node's presence lease lasts. A node renews it at every
    /// <see cref="PresenceRefreshInterval"/>; once it has ended (the node crashed or lost Redis), the next live node to
    /// refresh removes that node's members and announces their <c>leave</c>. So a crashed node's members are gone
    /// within this time plus one refresh interval.
    /// </summary>
    /// <value>Default is 15 seconds. Must be at least twice <see cref="PresenceRefreshInterval"/>.</value>
    public TimeSpan PresenceLeaseTime { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>
    /// Gets or sets how often a node renews its presence lease, repairs its members in Redis (after a Redis restart or
    /// a failed write) and removes the members of nodes whose lease ended. Only used when presence is enabled.
    /// </summary>
    /// <value>Default is 5 seconds. At least 100 milliseconds.</value>
    public TimeSpan PresenceRefreshInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Gets or sets where an existing connection comes from instead of <see cref="Configuration"/>; not disposed by the store.</summary>
    internal Func<IServiceProvider, IConnectionMultiplexer>? ConnectionFactory { get; set; }
}
