using Xunit.Abstractions;

namespace ProjectSockets.StackExchangeRedis.Tests.Testing;

/// <summary>
/// The base of a test class whose every test has a redis-server of its own (to kill, restart or flush it) and a set of
/// nodes on it; the nodes, then the server, are disposed at the end of each test.
/// </summary>
/// <param name="persistent">Whether the server keeps an append-only file, so that a kill loses nothing acknowledged.</param>
/// <param name="output">Where the nodes write their log, or <see langword="null"/> for no log.</param>
public abstract class RedisServerPerTest(bool persistent, ITestOutputHelper? output) : IAsyncLifetime
{
    private RedisServer? _server;
    private NodeSet? _nodes;

    private protected RedisServer Server => _server ?? throw new InvalidOperationException("The server has not started.");

    private protected NodeSet Nodes => _nodes ?? throw new InvalidOperationException("The server has not started.");

    /// <inheritdoc />
    public async Task InitializeAsync()
    {
        _server = await RedisServer.StartAsync(persistent);
        _nodes = new NodeSet(() => Server.Configuration, output);
    }

    /// <inheritdoc />
    public async Task DisposeAsync()
    {
        if (_nodes is not null)
        {
            await _nodes.DisposeAsync();
        }

        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }
}
