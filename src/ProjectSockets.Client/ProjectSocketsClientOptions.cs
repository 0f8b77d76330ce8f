using System.Net.WebSockets;
using System.Text.Json;
using ProjectSockets.Client.Internal;

namespace ProjectSockets.Client;

/// <summary>Settings of a <see cref="ProjectSocketsClient"/>. Checked when the client is created.</summary>
public sealed class ProjectSocketsClientOptions
{
    /// <summary>
    /// Gets or sets the server endpoint, a <c>ws://</c> or <c>wss://</c> URL such as <c>wss://host/ws</c>. A URL that
    /// names a route project (<c>wss://host/ws/p1</c>) subscribes to it for the client's lifetime.
    /// </summary>
    /// <value>Required; no default.</value>
    public Uri? Url { get; set; }

    /// <summary>Gets the extra HTTP headers sent with every upgrade request.</summary>
    /// <value>Default is empty.</value>
    public IDictionary<string, string> Headers { get; } = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// Gets or sets a function that returns the access token, called before every connect and reconnect. A
    /// non-empty token is sent as <c>Authorization: Bearer …</c> (or in the query, see <see cref="AccessTokenInQuery"/>).
    /// It is also called when the server announces that the connection's credentials are expiring
    /// (<c>credentials_expiring</c>): the new token is sent with the built-in <c>refresh</c>, so the connection stays
    /// open instead of being closed with 4003.
    /// </summary>
    /// <value>Default is <see langword="null"/>: no token.</value>
    public Func<CancellationToken, ValueTask<string?>>? AccessTokenProvider { get; set; }

    /// <summary>
    /// Gets or sets whether the access token travels as the <c>access_token</c> query parameter instead of the
    /// <c>Authorization</c> header, for hosts that read it there. Query strings end up in proxy logs: prefer the header.
    /// </summary>
    /// <value>Default is <see langword="false"/>: the <c>Authorization</c> header.</value>
    public bool AccessTokenInQuery { get; set; }

    /// <summary>Gets or sets how long one connection attempt may take: the upgrade and the server's <c>welcome</c>.</summary>
    /// <value>Default is 15 seconds.</value>
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>Gets or sets how long <see cref="ProjectSocketsClient.InvokeAsync(string, object?, string?, CancellationToken)"/> and subscribe wait for a result.</summary>
    /// <value>Default is 30 seconds.</value>
    public TimeSpan CommandTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Gets or sets how long a clean close (close frame 1000) may take before the connection is aborted.</summary>
    /// <value>Default is 5 seconds.</value>
    public TimeSpan CloseTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Gets or sets whether the client sends <c>ping</c> when it has heard nothing from the server for one heartbeat
    /// interval (from <c>welcome</c>). Either way the client answers the server's pings, and treats a server that
    /// stays silent for the heartbeat timeout as gone.
    /// </summary>
    /// <value>Default is <see langword="true"/>.</value>
    public bool PingWhenIdle { get; set; } = true;

    /// <summary>
    /// Gets or sets how many events a subscription created with <see cref="SubscribeOptions.BufferEvents"/> holds for
    /// its reader. A full buffer pauses the whole connection (backpressure), never drops an event.
    /// </summary>
    /// <value>Default is 1,000.</value>
    public int EventBufferCapacity { get; set; } = 1000;

    /// <summary>
    /// Gets or sets the largest WebSocket message the client accepts from the server. A larger one closes the connection
    /// with 1009 and the client does not reconnect: the same message would come back.
    /// </summary>
    /// <value>Default is 4 MiB.</value>
    public int MaxReceiveMessageBytes { get; set; } = 4 * 1024 * 1024;

    /// <summary>
    /// Gets or sets the session key sent at every connect (the <c>session</c> query parameter): 16 to 64 of
    /// <c>A-Z a-z 0-9 _ -</c>. The server ties it to the user and remembers the outcome of each command id of the
    /// session for a window, so a command sent again after a reconnect runs at most once. Keep it secret like a token.
    /// </summary>
    /// <value>Default is <see langword="null"/>: a random key (128 bits) made when the client is created.</value>
    public string? SessionKey { get; set; }

    /// <summary>
    /// Gets or sets whether a command still waiting for its result when the connection drops is sent again, with the
    /// same id, on the next connection. Only when the server announced a session in <c>welcome</c>: it then runs the
    /// command at most once and answers the copy with the first run's outcome. Without, or with this set to
    /// <see langword="false"/>, such a command fails with <see cref="ProjectSocketsConnectionException"/>.
    /// </summary>
    /// <value>Default is <see langword="true"/>.</value>
    public bool ResendCommandsAfterReconnect { get; set; } = true;

    /// <summary>Gets the automatic reconnect settings.</summary>
    public ReconnectOptions Reconnect { get; } = new();

    /// <summary>Gets or sets the serializer settings for command arguments, results and event data.</summary>
    /// <value>Default is <see cref="JsonSerializerDefaults.Web"/>: camelCase, case-insensitive reads.</value>
    public JsonSerializerOptions JsonSerializerOptions { get; set; } = new(JsonSerializerDefaults.Web);

    /// <summary>
    /// Gets or sets a callback that adjusts each <see cref="ClientWebSocketOptions"/> before connecting: proxy, client
    /// certificates, keep-alive. The subprotocol and headers are set by the client.
    /// </summary>
    /// <value>Default is <see langword="null"/>.</value>
    public Action<ClientWebSocketOptions>? ConfigureWebSocket { get; set; }

    /// <summary>Opens WebSockets; replaced by tests to run without a network.</summary>
    internal WebSocketFactory WebSocketFactory { get; set; } = DefaultWebSocketFactory.ConnectAsync;
}
