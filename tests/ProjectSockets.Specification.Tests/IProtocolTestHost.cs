namespace ProjectSockets.Specification.Tests;

/// <summary>
/// A running server for the conformance suites: whatever host adapter is under test, serving the protocol's default
/// paths <c>/ws</c> and <c>/ws/{projectId}</c> on 127.0.0.1. Disposing it stops the server.
/// </summary>
public interface IProtocolTestHost : IAsyncDisposable
{
    /// <summary>Gets the server's WebSocket base address, for example <c>ws://127.0.0.1:5181/</c>.</summary>
    Uri WebSocketBase { get; }

    /// <summary>Gets the server's services (the manager, the publisher, the host's own).</summary>
    IServiceProvider Services { get; }

    /// <summary>Stops the server through the host's own graceful stop path.</summary>
    /// <returns>A task that completes when the server has stopped.</returns>
    Task StopAsync();
}
