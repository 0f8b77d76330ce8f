using Microsoft.Extensions.Logging;

namespace ProjectSockets.Client.Internal;

/// <summary>What every part of one client shares and never changes: its settings, clock, log, events and stop signal.</summary>
/// <param name="options">The checked settings.</param>
/// <param name="timeProvider">The clock for heartbeats, timeouts and backoff.</param>
/// <param name="logger">Where to log.</param>
/// <param name="events">Raises the client's public events.</param>
/// <param name="stopping">Cancelled when the client is disposed.</param>
internal sealed class ClientContext(
    ProjectSocketsClientOptions options, TimeProvider timeProvider, ILogger logger, ClientEvents events, CancellationToken stopping)
{
    public ProjectSocketsClientOptions Options { get; } = options;

    public TimeProvider TimeProvider { get; } = timeProvider;

    public ILogger Logger { get; } = logger;

    public ClientEvents Events { get; } = events;

    /// <summary>Gets the session key sent at every connect: the option's, or a random one made with the client.</summary>
    public string SessionKey { get; } = options.SessionKey ?? System.Buffers.Text.Base64Url.EncodeToString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16));

    /// <summary>Gets the token cancelled when the client is disposed: every wait of every part ends with it.</summary>
    public CancellationToken Stopping { get; } = stopping;
}
