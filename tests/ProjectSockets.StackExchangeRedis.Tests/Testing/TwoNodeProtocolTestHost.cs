namespace ProjectSockets.StackExchangeRedis.Tests.Testing;

/// <summary>
/// Two Kestrel nodes on one Redis, as the conformance suite sees them: clients connect to node A, and the suite
/// publishes through <see cref="Services"/>, node B's, so every event it publishes crosses Redis from B to A.
/// </summary>
internal sealed class TwoNodeProtocolTestHost(KestrelHost clientNode, KestrelHost publishingNode) : IProtocolTestHost
{
    public Uri WebSocketBase => clientNode.WebSocketBase;

    /// <summary>Gets node B's services: its publisher is the one the suite publishes through.</summary>
    public IServiceProvider Services => publishingNode.Services;

    /// <summary>Gets node A's services: its manager holds the clients' connections.</summary>
    public IServiceProvider ClientServices => clientNode.Services;

    public async Task StopAsync()
    {
        // Both stop at once, as a rolling shutdown of the whole application would.
        await Task.WhenAll(clientNode.StopAsync(), publishingNode.StopAsync());
    }

    public async ValueTask DisposeAsync()
    {
        await clientNode.DisposeAsync();
        await publishingNode.DisposeAsync();
    }
}
