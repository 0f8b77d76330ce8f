using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace ProjectSockets.Client.Tests.Testing;

/// <summary>
/// A TCP relay on 127.0.0.1 between the client and the server, so tests can do to any host what a network does:
/// drop every connection (reset, no close frame), cut one at a chosen moment (<see cref="ProxyCut"/>), refuse upgrades
/// with an HTTP status, and move to a restarted server.
/// </summary>
internal sealed class TcpProxy : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly ConcurrentDictionary<Socket, byte> _sockets = new();
    private readonly ConcurrentBag<Task> _relays = [];
    private readonly Task _acceptLoop;
    private int _accepted;
    private int _cuts;

    public TcpProxy(int targetPort)
    {
        TargetPort = targetPort;
        _listener.Start();
        Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
        _acceptLoop = Task.Run(AcceptLoopAsync);
    }

    public int Port { get; }

    /// <summary>Gets or sets where new connections are relayed.</summary>
    public int TargetPort { get; set; }

    /// <summary>Gets or sets an HTTP status to refuse new connections with, instead of relaying them.</summary>
    public Func<int?>? Refuse { get; set; }

    /// <summary>Gets how many connections arrived.</summary>
    public int Accepted => Volatile.Read(ref _accepted);

    /// <summary>Gets or sets where to cut each new connection (asked once per connection), or <see langword="null"/> for nowhere.</summary>
    public Func<ProxyCut?>? Cut { get; set; }

    /// <summary>Gets how many connections were cut as <see cref="Cut"/> planned.</summary>
    public int Cuts => Volatile.Read(ref _cuts);

    /// <summary>Resets every relayed connection on both sides, as a broken network would.</summary>
    public void DropAll()
    {
        foreach (var socket in _sockets.Keys)
        {
            Reset(socket);
        }
    }

    public async ValueTask DisposeAsync()
    {
        _listener.Stop();
        DropAll();
        await _acceptLoop.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        await Task.WhenAll(_relays).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }

    private static void Reset(Socket socket)
    {
        try
        {
            socket.LingerState = new LingerOption(true, 0);
            socket.Close();
        }
        catch (ObjectDisposedException)
        {
            // Already closed.
        }
    }

    private async Task AcceptLoopAsync()
    {
        while (true)
        {
            Socket client;
            try
            {
                client = await _listener.AcceptSocketAsync();
            }
            catch (Exception exception) when (exception is SocketException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            Interlocked.Increment(ref _accepted);
            _relays.Add(Task.Run(() => RelayAsync(client)));
        }
    }

    private async Task RelayAsync(Socket client)
    {
        _sockets[client] = 0;
        using var server = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            if (Refuse?.Invoke() is { } status)
            {
                await RefuseAsync(client, status);
                return;
            }

            var cut = Cut?.Invoke();
            await server.ConnectAsync(IPAddress.Loopback, TargetPort);
            _sockets[server] = 0;
            if (cut is null)
            {
                await Task.WhenAny(PumpAsync(client, server), PumpAsync(server, client));
                return;
            }

            var welcomed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var ended = await Task.WhenAny(PumpUpAsync(client, server, cut, welcomed), PumpDownAsync(server, client, cut, welcomed));
            if (await ended)
            {
                Interlocked.Increment(ref _cuts);
            }
        }
        catch (Exception exception) when (exception is SocketException or ObjectDisposedException or IOException)
        {
            // One side went away: the other is reset below.
        }
        finally
        {
            _sockets.TryRemove(client, out _);
            _sockets.TryRemove(server, out _);
            Reset(client);
            Reset(server);
        }
    }

    private static async Task PumpAsync(Socket from, Socket to)
    {
        var buffer = new byte[16 * 1024];
        try
        {
            int read;
            while ((read = await from.ReceiveAsync(buffer, SocketFlags.None)) > 0)
            {
                await to.SendAsync(buffer.AsMemory(0, read), SocketFlags.None);
            }
        }
        catch (Exception exception) when (exception is SocketException or ObjectDisposedException)
        {
            // The relay ends.
        }
    }

    /// <summary>Relays client to server; with a cut after the welcome, ends (true) once the client speaks after it.</summary>
    private static async Task<bool> PumpUpAsync(Socket from, Socket to, ProxyCut cut, TaskCompletionSource welcomed)
    {
        var buffer = new byte[16 * 1024];
        try
        {
            int read;
            while ((read = await from.ReceiveAsync(buffer, SocketFlags.None)) > 0)
            {
                await to.SendAsync(buffer.AsMemory(0, read), SocketFlags.None);
                if (cut.AfterWelcome && welcomed.Task.IsCompleted)
                {
                    return true;
                }
            }
        }
        catch (Exception exception) when (exception is SocketException or ObjectDisposedException)
        {
            // The relay ends.
        }

        return false;
    }

    /// <summary>
    /// Relays server to client up to the planned cut: after the first message (then nothing more is relayed) or after a
    /// number of bytes (then it ends, true).
    /// </summary>
    private static async Task<bool> PumpDownAsync(Socket from, Socket to, ProxyCut cut, TaskCompletionSource welcomed)
    {
        var buffer = new byte[16 * 1024];
        var finder = cut.AfterWelcome ? new FirstServerMessageFinder() : null;
        long relayed = 0;
        try
        {
            int read;
            while ((read = await from.ReceiveAsync(buffer, SocketFlags.None)) > 0)
            {
                var count = read;
                if (finder is not null)
                {
                    if (welcomed.Task.IsCompleted)
                    {
                        continue;
                    }

                    var end = finder.Feed(buffer.AsSpan(0, read));
                    if (end >= 0)
                    {
                        count = end;

                        // Before the client can have the welcome, so that its next bytes are seen as coming after it.
                        welcomed.TrySetResult();
                    }
                }

                if (cut.AfterServerBytes is { } limit)
                {
                    count = (int)Math.Min(count, limit - relayed);
                }

                await to.SendAsync(buffer.AsMemory(0, count), SocketFlags.None);
                relayed += count;
                if (relayed >= cut.AfterServerBytes)
                {
                    return true;
                }
            }
        }
        catch (Exception exception) when (exception is SocketException or ObjectDisposedException)
        {
            // The relay ends.
        }

        return false;
    }

    /// <summary>Reads the request head, then answers with <paramref name="status"/> and closes.</summary>
    private static async Task RefuseAsync(Socket client, int status)
    {
        var head = new StringBuilder();
        var buffer = new byte[4096];
        while (!head.ToString().Contains("\r\n\r\n", StringComparison.Ordinal))
        {
            var read = await client.ReceiveAsync(buffer, SocketFlags.None);
            if (read == 0)
            {
                return;
            }

            head.Append(Encoding.ASCII.GetString(buffer, 0, read));
        }

        var response = $"HTTP/1.1 {status} Refused\r\nContent-Length: 0\r\nConnection: close\r\n\r\n";
        await client.SendAsync(Encoding.ASCII.GetBytes(response), SocketFlags.None);
        client.Shutdown(SocketShutdown.Send);
    }
}
