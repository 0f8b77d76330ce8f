namespace ProjectSockets;

/// <summary>
/// The manager's answer to an upgrade request. An accepted decision holds a connection slot until it is passed to
/// <see cref="IWebSocketManager.RunConnectionAsync"/> or disposed; adapters dispose it when the upgrade fails.
/// </summary>
public sealed class HandshakeDecision : IDisposable
{
    private Action? _release;

    internal HandshakeDecision(int statusCode, string? reason, string? subProtocol, RouteSubscription? route, Action? release)
    {
        StatusCode = statusCode;
        Reason = reason;
        SubProtocol = subProtocol;
        Route = route;
        _release = release;
    }

    /// <summary>Gets whether the upgrade may go ahead.</summary>
    public bool IsAccepted => StatusCode == 101;

    /// <summary>Gets the HTTP status to answer: 101 when accepted, otherwise 400, 403 or 503.</summary>
    public int StatusCode { get; }

    /// <summary>Gets a short, safe explanation of a refusal, for the response body.</summary>
    public string? Reason { get; }

    /// <summary>Gets the subprotocol to select in the upgrade response, or <see langword="null"/>.</summary>
    public string? SubProtocol { get; }

    internal RouteSubscription? Route { get; }

    /// <summary>Releases the connection slot if the decision was never used to run a connection.</summary>
    public void Dispose() => Interlocked.Exchange(ref _release, null)?.Invoke();

    /// <summary>Takes over the slot: from now on the running connection releases it.</summary>
    internal Action? TakeRelease() => Interlocked.Exchange(ref _release, null);
}
