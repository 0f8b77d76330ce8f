using System.Buffers;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;

namespace ProjectSockets.Testing;

/// <summary>
/// A real <see cref="ClientWebSocket"/> that reads protocol messages one at a time (batches are split on
/// <c>\n</c>). Every wait is bounded by <see cref="KestrelHost.Timeout"/>.
/// </summary>
public sealed class TestWebSocketClient : IAsyncDisposable
{
    private readonly ClientWebSocket _socket;
    private readonly List<JsonElement> _pending = [];
    private readonly ArrayBufferWriter<byte> _buffer = new();

    private TestWebSocketClient(ClientWebSocket socket) => _socket = socket;

    /// <summary>Gets the <c>welcome</c> message.</summary>
    public JsonElement Welcome { get; private set; }

    /// <summary>Gets the subprotocol the server selected, or <see langword="null"/>.</summary>
    public string? SubProtocol => _socket.SubProtocol;

    /// <summary>Gets the close code the server sent, once the connection has closed.</summary>
    public int? CloseCode { get; private set; }

    /// <summary>Connects and reads the <c>welcome</c> message.</summary>
    public static async Task<TestWebSocketClient> ConnectAsync(Uri uri, Action<ClientWebSocketOptions>? configure = null)
    {
        var socket = new ClientWebSocket();
        configure?.Invoke(socket.Options);
        using (var timeout = new CancellationTokenSource(KestrelHost.Timeout))
        {
            await socket.ConnectAsync(uri, timeout.Token);
        }

        var client = new TestWebSocketClient(socket);
        client.Welcome = await client.ReceiveAsync("welcome");
        return client;
    }

    /// <summary>Tries to connect and returns the HTTP status of the handshake: 101 when accepted.</summary>
    public static async Task<int> TryConnectAsync(Uri uri, Action<ClientWebSocketOptions>? configure = null)
    {
        using var socket = new ClientWebSocket();
        socket.Options.CollectHttpResponseDetails = true;
        configure?.Invoke(socket.Options);
        using var timeout = new CancellationTokenSource(KestrelHost.Timeout);
        try
        {
            await socket.ConnectAsync(uri, timeout.Token);
        }
        catch (WebSocketException)
        {
            Assert.NotEqual(0, (int)socket.HttpStatusCode);
            return (int)socket.HttpStatusCode;
        }

        socket.Abort();
        return 101;
    }

    public Task SendAsync(string json)
        => _socket.SendAsync(Encoding.UTF8.GetBytes(json), WebSocketMessageType.Text, endOfMessage: true, CancellationToken.None);

    public Task SendCommandAsync(string command, string? id = null, string? project = null, string? args = null)
    {
        var message = new Dictionary<string, object?> { ["type"] = "command", ["command"] = command };
        if (id is not null) message["id"] = id;
        if (project is not null) message["project"] = project;
        if (args is not null) message["args"] = JsonDocument.Parse(args).RootElement;
        return SendAsync(JsonSerializer.Serialize(message));
    }

    /// <summary>Reads the next protocol message; fails if it is not of <paramref name="type"/>.</summary>
    public async Task<JsonElement> ReceiveAsync(string? type = null)
    {
        var message = await TakeAsync(_ => true, type ?? "any message");
        if (type is not null)
        {
            Assert.True(type == message.GetProperty("type").GetString(), $"Expected '{type}' but got {message}");
        }

        return message;
    }

    /// <summary>Reads the next <c>event</c> and checks its name.</summary>
    public async Task<JsonElement> ReceiveEventAsync(string eventName)
    {
        var message = await ReceiveAsync("event");
        Assert.True(eventName == message.GetProperty("event").GetString(), $"Expected event '{eventName}' but got {message}");
        return message;
    }

    /// <summary>
    /// Sends a command with an id and returns its <c>result</c>. Messages that arrive before it (events a handler
    /// published may come first) stay queued, in order, for the next reads.
    /// </summary>
    public async Task<JsonElement> InvokeAsync(string command, string id, string? project = null, string? args = null)
    {
        await SendCommandAsync(command, id, project, args);
        return await TakeAsync(
            m => m.GetProperty("type").GetString() == "result" && m.GetProperty("id").GetString() == id,
            $"the result of command {id}");
    }

    /// <summary>Reads messages until the server's close frame, answers it, and returns what came before and the code.</summary>
    public async Task<(List<JsonElement> Messages, int? CloseCode)> ReceiveUntilClosedAsync()
    {
        var messages = new List<JsonElement>(_pending);
        _pending.Clear();
        while (await ReadBatchAsync("the close"))
        {
            messages.AddRange(_pending);
            _pending.Clear();
        }

        return (messages, CloseCode);
    }

    public async Task CloseAsync()
    {
        using var timeout = new CancellationTokenSource(KestrelHost.Timeout);
        await _socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "bye", timeout.Token);
    }

    public ValueTask DisposeAsync()
    {
        _socket.Abort();
        _socket.Dispose();
        return ValueTask.CompletedTask;
    }

    private async Task<JsonElement> TakeAsync(Func<JsonElement, bool> match, string waitingFor)
    {
        var searched = 0;
        while (true)
        {
            for (; searched < _pending.Count; searched++)
            {
                if (match(_pending[searched]))
                {
                    var found = _pending[searched];
                    _pending.RemoveAt(searched);
                    return found;
                }
            }

            if (!await ReadBatchAsync(waitingFor))
            {
                throw new InvalidOperationException($"Closed with {CloseCode} while waiting for {waitingFor}.");
            }
        }
    }

    /// <summary>Reads one WebSocket message into the queue; false when the server closed.</summary>
    private async Task<bool> ReadBatchAsync(string waitingFor)
    {
        if (CloseCode is not null)
        {
            return false;
        }

        _buffer.Clear();
        using var timeout = new CancellationTokenSource(KestrelHost.Timeout);
        try
        {
            ValueWebSocketReceiveResult result;
            do
            {
                result = await _socket.ReceiveAsync(_buffer.GetMemory(4096), timeout.Token);
                _buffer.Advance(result.Count);
            }
            while (!result.EndOfMessage);

            if (result.MessageType == WebSocketMessageType.Close)
            {
                CloseCode = (int?)_socket.CloseStatus;
                await _socket.CloseOutputAsync(_socket.CloseStatus ?? WebSocketCloseStatus.NormalClosure, "ack", timeout.Token);
                return false;
            }

            Assert.Equal(WebSocketMessageType.Text, result.MessageType);
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested)
        {
            throw new TimeoutException($"Nothing arrived within {KestrelHost.Timeout.TotalSeconds} s while waiting for {waitingFor}.");
        }

        var text = Encoding.UTF8.GetString(_buffer.WrittenSpan);
        Assert.False(text.StartsWith('\n') || text.EndsWith('\n'), "A batch has no leading or trailing newline.");
        foreach (var line in text.Split('\n'))
        {
            _pending.Add(JsonDocument.Parse(line).RootElement.Clone());
        }

        return true;
    }
}
