using System.Net.WebSockets;
using System.Text;
using System.Threading.Channels;
using ProjectSockets.Client.Internal;

namespace ProjectSockets.Client.Tests.Testing;

/// <summary>
/// A server the test scripts message by message, over in-memory WebSockets (no network): its <see cref="Factory"/>
/// hands the client one end of a new pair per connection attempt, or fails the attempt as told.
/// </summary>
internal sealed class ScriptedServer
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);
    private readonly Channel<ScriptedConnection> _accepted = Channel.CreateUnbounded<ScriptedConnection>();
    private readonly Queue<Exception> _failures = new();
    private readonly List<WebSocket> _sockets = [];
    private int _attempts;

    public int Attempts => Volatile.Read(ref _attempts);

    public List<WebSocketConnectRequest> Requests { get; } = [];

    /// <summary>Fails the next connection attempt with <paramref name="exception"/>.</summary>
    public void FailNext(Exception exception)
    {
        lock (_failures)
        {
            _failures.Enqueue(exception);
        }
    }

    public Task<WebSocket> Factory(WebSocketConnectRequest request, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _attempts);
        lock (_failures)
        {
            Requests.Add(request);
            if (_failures.TryDequeue(out var failure))
            {
                return Task.FromException<WebSocket>(failure);
            }
        }

        var (client, server) = DuplexStream.CreatePair();
        var options = new WebSocketCreationOptions { SubProtocol = request.SubProtocol, KeepAliveInterval = TimeSpan.Zero };
        var serverSocket = WebSocket.CreateFromStream(server, new WebSocketCreationOptions { IsServer = true, SubProtocol = request.SubProtocol, KeepAliveInterval = TimeSpan.Zero });
        lock (_failures)
        {
            _sockets.Add(serverSocket);
        }

        _accepted.Writer.TryWrite(new ScriptedConnection(serverSocket, request));
        return Task.FromResult(WebSocket.CreateFromStream(client, options));
    }

    /// <summary>Drops every connection, so that a client on fake time need not wait for a close handshake.</summary>
    public void AbortAll()
    {
        lock (_failures)
        {
            _sockets.ForEach(s => s.Abort());
        }
    }

    /// <summary>Waits for the next connection and sends it a <c>welcome</c>.</summary>
    public async Task<ScriptedConnection> AcceptAsync(int intervalMs = 30_000, int timeoutMs = 90_000, string subscriptions = "[]")
    {
        var connection = await _accepted.Reader.ReadAsync().AsTask().WaitAsync(Timeout);
        await connection.SendAsync($$"""{"type":"welcome","connectionId":"c{{Attempts}}","protocol":1,"heartbeat":{"intervalMs":{{intervalMs}},"timeoutMs":{{timeoutMs}}},"maxMessageBytes":65536,"subscriptions":{{subscriptions}}}""");
        return connection;
    }
}
