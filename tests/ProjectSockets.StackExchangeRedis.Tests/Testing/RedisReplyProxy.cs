using System.Net;
using System.Net.Sockets;

namespace ProjectSockets.StackExchangeRedis.Tests.Testing;

/// <summary>
/// A TCP proxy on 127.0.0.1 between a node and a real redis-server that can hold Redis's replies, on every
/// connection or only on connections made from now on: commands reach the server at once, but what the server
/// answers waits in the proxy until <see cref="Release"/>, as over a slow link or a stalled network. Order is kept on every connection. Stopped, with every connection, on dispose.
/// </summary>
internal sealed class RedisReplyProxy : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly int _redisPort;
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Task> _pumps = [];
    private readonly List<TcpClient> _sockets = [];
    private readonly Lock _gate = new();
    private readonly Task _accepting;
    private TaskCompletionSource _open = NewSignal(completed: true);
    private TaskCompletionSource _newOpen = NewSignal(completed: true);
    private TaskCompletionSource _held = NewSignal(completed: false);

    private RedisReplyProxy(int redisPort)
    {
        _redisPort = redisPort;
        _listener.Start();
        Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
        _accepting = AcceptAsync();
    }

    public int Port { get; }

    /// <summary>Gets a StackExchange.Redis configuration string that goes through the proxy.</summary>
    public string Configuration => $"127.0.0.1:{Port}";

    public static RedisReplyProxy Start(RedisServer server) => new(server.Port);

    /// <summary>From now on, replies wait in the proxy until <see cref="Release"/>.</summary>
    public void Hold()
    {
        lock (_gate)
        {
            if (_open.Task.IsCompleted)
            {
                _open = NewSignal(completed: false);
                _held = NewSignal(completed: false);
            }
        }
    }

    /// <summary>From now on, replies on connections made after this call wait until <see cref="Release"/>; others flow.</summary>
    public void HoldNewConnections()
    {
        lock (_gate)
        {
            if (_newOpen.Task.IsCompleted)
            {
                _newOpen = NewSignal(completed: false);
                _held = NewSignal(completed: false);
            }
        }
    }

    /// <summary>Passes every held reply on, in order, and stops holding.</summary>
    public void Release()
    {
        lock (_gate)
        {
            _open.TrySetResult();
            _newOpen.TrySetResult();
        }
    }

    /// <summary>Completes once a reply is being held (since the last <see cref="Hold"/>).</summary>
    public Task ReplyHeld
    {
        get
        {
            lock (_gate)
            {
                return _held.Task;
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        Release();
        _listener.Stop();
        Task[] pumps;
        lock (_gate)
        {
            foreach (var socket in _sockets)
            {
                socket.Dispose();
            }

            pumps = [.. _pumps, _accepting];
        }

        await Task.WhenAll(pumps).WaitAsync(TestClient.Timeout);
        _stop.Dispose();
    }

    private static TaskCompletionSource NewSignal(bool completed)
    {
        var signal = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        if (completed)
        {
            signal.SetResult();
        }

        return signal;
    }

    private async Task AcceptAsync()
    {
        try
        {
            while (true)
            {
                var client = await _listener.AcceptTcpClientAsync(_stop.Token);
                var server = new TcpClient();
                try
                {
                    await server.ConnectAsync(IPAddress.Loopback, _redisPort, _stop.Token);
                }
                catch (SocketException)
                {
                    // Redis is down: the node sees its connection refused, as it would without the proxy.
                    client.Dispose();
                    server.Dispose();
                    continue;
                }

                lock (_gate)
                {
                    _sockets.Add(client);
                    _sockets.Add(server);
                    _pumps.Add(PumpAsync(client, server, holdable: false, _newOpen));
                    _pumps.Add(PumpAsync(server, client, holdable: true, _newOpen));
                }
            }
        }
        catch (Exception exception) when (exception is OperationCanceledException or ObjectDisposedException or SocketException)
        {
            // Stopped.
        }
    }

    private async Task PumpAsync(TcpClient from, TcpClient to, bool holdable, TaskCompletionSource openedAtAccept)
    {
        var buffer = new byte[16 * 1024];
        try
        {
            var source = from.GetStream();
            var target = to.GetStream();
            while (true)
            {
                var read = await source.ReadAsync(buffer, _stop.Token);
                if (read == 0)
                {
                    break;
                }

                if (holdable)
                {
                    await WaitOpenAsync(openedAtAccept);
                }

                await target.WriteAsync(buffer.AsMemory(0, read), _stop.Token);
            }
        }
        catch (Exception exception) when (exception is IOException or OperationCanceledException or ObjectDisposedException or SocketException or InvalidOperationException)
        {
            // One side closed or the proxy stopped.
        }
        finally
        {
            // One side ended: so does the other, as a real connection's would.
            from.Dispose();
            to.Dispose();
        }
    }

    private async Task WaitOpenAsync(TaskCompletionSource openedAtAccept)
    {
        while (true)
        {
            Task open;
            lock (_gate)
            {
                open = !openedAtAccept.Task.IsCompleted ? openedAtAccept.Task : _open.Task;
                if (open.IsCompleted)
                {
                    return;
                }

                _held.TrySetResult();
            }

            await open.WaitAsync(_stop.Token);
        }
    }
}
