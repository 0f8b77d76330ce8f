namespace ProjectSockets.Testing;

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

    /// <summary>
    /// Gets the services of the node that clients connect to (the manager that holds their connections). A host of
    /// one node has one set of services; a host of several nodes sharing an event store serves clients from one node
    /// and returns another node's services from <see cref="Services"/>, so that every event a test publishes crosses
    /// from one node to the other.
    /// </summary>
    IServiceProvider ClientServices => Services;

    /// <summary>Stops the server through the host's own graceful stop path.</summary>
    /// <returns>A task that completes when the server has stopped.</returns>
    Task StopAsync();
}
