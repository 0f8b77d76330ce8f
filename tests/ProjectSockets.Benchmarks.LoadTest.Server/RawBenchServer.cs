using System.Collections.Concurrent;
using System.Net.WebSockets;
using System.Text.Json;

namespace ProjectSockets.Benchmarks.LoadTest.Server;

/// <summary>
/// The floor: a minimal WebSocket server on the same Kestrel. Clients connect to <c>/raw/{project}</c>; a broadcast
/// encodes the event once and sends that one frame to every socket of the project, awaiting the sends together.
/// </summary>
public static class RawBenchServer
{
    private static readonly JsonSerializerOptions s_json = new(JsonSerializerDefaults.Web);
    private static readonly ConcurrentDictionary<string, Sockets> s_projects = new(StringComparer.Ordinal);
    private static int s_connections;

    public static void Configure(WebApplicationBuilder builder) => builder.Services.AddSingleton<IBenchServer, Publisher>();

    public static void Map(WebApplication app)
    {
        app.UseWebSockets(new WebSocketOptions { KeepAliveInterval = TimeSpan.FromSeconds(15) });
        app.Map("/raw/{project}", async (HttpContext context, string project) =>
        {
            if (!context.WebSockets.IsWebSocketRequest)
            {
                context.Response.StatusCode = 400;
                return;
            }

            using var socket = await context.WebSockets.AcceptWebSocketAsync();
            var sockets = s_projects.GetOrAdd(project, static _ => new Sockets());
            sockets.Add(socket);
            Interlocked.Increment(ref s_connections);
            try
            {
                var buffer = new byte[256];
                while (true)
                {
                    var result = await socket.ReceiveAsync(buffer.AsMemory(), context.RequestAborted);
                    if (result.MessageType == WebSocketMessageType.Close)
                    {
                        await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None);
                        break;
                    }
                }
            }
            catch (Exception exception) when (exception is WebSocketException or OperationCanceledException or IOException)
            {
                // The client went away.
            }
            finally
            {
                sockets.Remove(socket);
                Interlocked.Decrement(ref s_connections);
            }
        });
    }

    private sealed class Sockets
    {
        private readonly Lock _lock = new();
        private volatile WebSocket[] _items = [];

        public WebSocket[] Items => _items;

        public void Add(WebSocket socket)
        {
            lock (_lock)
            {
                _items = [.. _items, socket];
            }
        }

        public void Remove(WebSocket socket)
        {
            lock (_lock)
            {
                _items = [.. _items.Where(s => !ReferenceEquals(s, socket))];
            }
        }
    }

    private sealed class Publisher : IBenchServer
    {
        public int Connections => Volatile.Read(ref s_connections);

        public async ValueTask PublishAsync(string project, BenchEvent benchEvent)
        {
            if (!s_projects.TryGetValue(project, out var sockets))
            {
                return;
            }

            // Encoded once; one frame per event to every socket.
            var frame = JsonSerializer.SerializeToUtf8Bytes(benchEvent, s_json);
            List<Task>? pending = null;
            foreach (var socket in sockets.Items)
            {
                if (socket.State != WebSocketState.Open)
                {
                    continue;
                }

                var send = socket.SendAsync(frame.AsMemory(), WebSocketMessageType.Text, endOfMessage: true, CancellationToken.None);
                if (!send.IsCompletedSuccessfully)
                {
                    (pending ??= []).Add(send.AsTask());
                }
            }

            if (pending is not null)
            {
                try
                {
                    await Task.WhenAll(pending);
                }
                catch (Exception exception) when (exception is WebSocketException or OperationCanceledException or IOException or ObjectDisposedException)
                {
                    // A client went away in the middle of a broadcast.
                }
            }
        }
    }
}
