namespace ProjectSockets.Client.Tests.Testing;

/// <summary>
/// Where <see cref="TcpProxy"/> resets one relayed connection on both sides, as a broken network would.
/// </summary>
/// <param name="AfterWelcome">
/// Relay the server's first WebSocket message (the <c>welcome</c>) and nothing after it; reset the connection as soon as
/// the client sends anything after it (its resubscriptions): the cut falls between welcome and resubscribe result.
/// </param>
/// <param name="AfterServerBytes">Reset once this many bytes from the server (upgrade response included) were relayed.</param>
internal sealed record ProxyCut(bool AfterWelcome = false, long? AfterServerBytes = null);
