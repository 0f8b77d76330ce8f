using System.Buffers;
using System.Net;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;

namespace ProjectSockets.Specification.Tests;

/// <summary>
/// A protocol client over a real <see cref="ClientWebSocket"/>: reads protocol messages one at a time (server batches
/// are split on <c>\n</c>), sends commands, and answers the server's close like a well-behaved peer.
/// </summary>
public sealed class ProtocolTestClient : IDisposable
{
    /// <summary>How long any single wait may take; generous, for a busy machine.</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(15);

    private readonly Queue<JsonElement> _pending = new();
    private readonly ArrayBufferWriter<byte> _buffer = new();

    private ProtocolTestClient(ClientWebSocket socket) => Socket = socket;

    /// <summary>Gets the underlying socket.</summary>
    public ClientWebSocket Socket { get; }

    /// <summary>Gets the <c>welcome</c> message, read at connect.</summary>
    public JsonElement Welcome { get; private set; }

    /// <summary>Gets the connection id the server announced.</summary>
    public string ConnectionId => Welcome.GetProperty("connectionId").GetString()!;

    /// <summary>Gets the close status once the connection has ended.</summary>
    public WebSocketCloseStatus? CloseStatus { get; private set; }

    /// <summary>Gets the size in bytes of the largest WebSocket message received that held more than one protocol message.</summary>
    public int LargestBatchBytes { get; private set; }

    /// <summary>Gets how many received WebSocket messages held more than one protocol message.</summary>
    public int BatchCount { get; private set; }

    /// <summary>Gets whether the connection has ended (closed or broken).</summary>
    public bool IsClosed { get; private set; }

    /// <summary>Connects, checks that the first message is <c>welcome</c>, and keeps it.</summary>
    /// <param name="uri">The WebSocket URL.</param>
    /// <param name="configure">Sets subprotocols or headers, for example <c>o => o.SetRequestHeader("Origin", "…")</c>.</param>
    /// <returns>The connected client.</returns>
    public static async Task<ProtocolTestClient> ConnectAsync(Uri uri, Action<ClientWebSocketOptions>? configure = null)
    {
        var socket = CreateSocket(configure);
        try
        {
            using var timeout = new CancellationTokenSource(Timeout);
            await socket.ConnectAsync(uri, timeout.Token);
        }
        catch
        {
            socket.Dispose();
            throw;
        }

        var client = new ProtocolTestClient(socket);
        client.Welcome = await client.ReceiveAsync("welcome");
        return client;
    }

    /// <summary>Tries to connect and expects the upgrade to be refused; returns the HTTP status the server answered.</summary>
    /// <param name="uri">The WebSocket URL.</param>
    /// <param name="configure">Sets subprotocols or headers.</param>
    /// <returns>The HTTP status of the refusal.</returns>
    public static async Task<HttpStatusCode> ConnectExpectingRefusalAsync(Uri uri, Action<ClientWebSocketOptions>? configure = null)
    {
        using var socket = CreateSocket(configure);
        using var timeout = new CancellationTokenSource(Timeout);
        var exception = await Assert.ThrowsAsync<WebSocketException>(() => socket.ConnectAsync(uri, timeout.Token));
        Assert.NotEqual(HttpStatusCode.SwitchingProtocols, socket.HttpStatusCode);
        Assert.True(socket.HttpStatusCode != 0, $"No HTTP response was read: {exception.Message}");
        return socket.HttpStatusCode;
    }

    /// <summary>Sends one text message.</summary>
    /// <param name="text">The message.</param>
    /// <returns>A task that completes when it was sent.</returns>
    public Task SendAsync(string text) => SendAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text);

    /// <summary>Sends one whole message of any type, with any bytes.</summary>
    /// <param name="bytes">The payload.</param>
    /// <param name="type">The message type.</param>
    /// <returns>A task that completes when it was sent.</returns>
    public async Task SendAsync(byte[] bytes, WebSocketMessageType type)
    {
        using var timeout = new CancellationTokenSource(Timeout);
        await Socket.SendAsync(bytes, type, endOfMessage: true, timeout.Token);
    }

    /// <summary>Sends a <c>command</c>; <paramref name="args"/> is raw JSON.</summary>
    /// <param name="command">The command name.</param>
    /// <param name="id">The command id, or <see langword="null"/> for none.</param>
    /// <param name="project">The project, or <see langword="null"/>.</param>
    /// <param name="args">The raw JSON of <c>args</c>, or <see langword="null"/>.</param>
    /// <returns>A task that completes when it was sent.</returns>
    public Task SendCommandAsync(string command, string? id = null, string? project = null, string? args = null)
        => SendAsync(Command(command, id, project, args));

    /// <summary>Sends a command with an id and returns its <c>result</c> (which must be the next message).</summary>
    /// <param name="command">The command name.</param>
    /// <param name="id">The command id.</param>
    /// <param name="project">The project, or <see langword="null"/>.</param>
    /// <param name="args">The raw JSON of <c>args</c>, or <see langword="null"/>.</param>
    /// <returns>The result.</returns>
    public async Task<JsonElement> InvokeAsync(string command, string id, string? project = null, string? args = null)
    {
        await SendCommandAsync(command, id, project, args);
        var result = await ReceiveAsync("result");
        Assert.Equal(id, result.GetProperty("id").GetString());
        return result;
    }

    /// <summary>Reads the next protocol message; fails when it is not of <paramref name="type"/> or the connection ends.</summary>
    /// <param name="type">The expected <c>type</c>, or <see langword="null"/> for any.</param>
    /// <returns>The message.</returns>
    public async Task<JsonElement> ReceiveAsync(string? type = null)
    {
        var message = await NextAsync()
            ?? throw new InvalidOperationException($"The connection ended with {CloseStatus} while waiting for '{type ?? "a message"}'.");
        if (type is not null)
        {
            Assert.Equal(type, message.GetProperty("type").GetString());
        }

        return message;
    }

    /// <summary>Reads messages, skipping others, until one of <paramref name="type"/> arrives.</summary>
    /// <param name="type">The wanted <c>type</c>.</param>
    /// <returns>The message.</returns>
    public async Task<JsonElement> ReceiveUntilAsync(string type)
    {
        while (true)
        {
            var message = await ReceiveAsync();
            if (message.GetProperty("type").GetString() == type)
            {
                return message;
            }
        }
    }

    /// <summary>Reads until the connection ends, answering the server's close.</summary>
    /// <returns>Every message received and the close status.</returns>
    public async Task<ClosedConnection> ReceiveUntilClosedAsync()
    {
        var messages = new List<JsonElement>();
        while (await NextAsync() is { } message)
        {
            messages.Add(message);
        }

        return new ClosedConnection(messages, CloseStatus, Socket.CloseStatusDescription);
    }

    /// <summary>Starts the close handshake from the client and waits for the server's answer.</summary>
    /// <returns>The close status the server echoed.</returns>
    public async Task<WebSocketCloseStatus?> CloseAsync()
    {
        using var timeout = new CancellationTokenSource(Timeout);
        await Socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "bye", timeout.Token);
        IsClosed = true;
        CloseStatus = Socket.CloseStatus;
        return CloseStatus;
    }

    /// <summary>Ends the connection at once.</summary>
    public void Dispose()
    {
        Socket.Abort();
        Socket.Dispose();
    }

    /// <summary>Builds the JSON of a <c>command</c>.</summary>
    /// <param name="command">The command name.</param>
    /// <param name="id">The command id, or <see langword="null"/>.</param>
    /// <param name="project">The project, or <see langword="null"/>.</param>
    /// <param name="args">The raw JSON of <c>args</c>, or <see langword="null"/>.</param>
    /// <returns>The message text.</returns>
    public static string Command(string command, string? id = null, string? project = null, string? args = null)
    {
        var json = new StringBuilder("{\"type\":\"command\",\"command\":").Append(JsonSerializer.Serialize(command));
        if (id is not null)
        {
            json.Append(",\"id\":").Append(JsonSerializer.Serialize(id));
        }

        if (project is not null)
        {
            json.Append(",\"project\":").Append(JsonSerializer.Serialize(project));
        }

        if (args is not null)
        {
            json.Append(",\"args\":").Append(args);
        }

        return json.Append('}').ToString();
    }

    private static ClientWebSocket CreateSocket(Action<ClientWebSocketOptions>? configure)
    {
        var socket = new ClientWebSocket();
        socket.Options.CollectHttpResponseDetails = true;

        // Control frames do not count as activity; the tests speak the protocol's own ping and pong.
        socket.Options.KeepAliveInterval = TimeSpan.Zero;
        configure?.Invoke(socket.Options);
        return socket;
    }

    private async Task<JsonElement?> NextAsync()
    {
        if (_pending.Count > 0)
        {
            return _pending.Dequeue();
        }

        if (IsClosed)
        {
            return null;
        }

        using var timeout = new CancellationTokenSource(Timeout);
        _buffer.Clear();
        ValueWebSocketReceiveResult result;
        try
        {
            do
            {
                result = await Socket.ReceiveAsync(_buffer.GetMemory(4096), timeout.Token);
                _buffer.Advance(result.Count);
            }
            while (!result.EndOfMessage && result.MessageType != WebSocketMessageType.Close);
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested)
        {
            throw new TimeoutException($"No message arrived within {Timeout.TotalSeconds} seconds.");
        }
        catch (WebSocketException)
        {
            IsClosed = true;
            CloseStatus = Socket.CloseStatus;
            return null;
        }

        if (result.MessageType == WebSocketMessageType.Close)
        {
            IsClosed = true;
            CloseStatus = Socket.CloseStatus;
            await AnswerCloseAsync();
            return null;
        }

        Assert.Equal(WebSocketMessageType.Text, result.MessageType);
        var text = Encoding.UTF8.GetString(_buffer.WrittenSpan);
        Assert.False(text.StartsWith('\n') || text.EndsWith('\n'), "A batch has no leading or trailing newline.");
        var lines = text.Split('\n');
        if (lines.Length > 1)
        {
            BatchCount++;
            LargestBatchBytes = Math.Max(LargestBatchBytes, _buffer.WrittenCount);
        }

        foreach (var line in lines)
        {
            _pending.Enqueue(JsonDocument.Parse(line).RootElement.Clone());
        }

        return _pending.Dequeue();
    }

    private async Task AnswerCloseAsync()
    {
        if (Socket.State != WebSocketState.CloseReceived)
        {
            return;
        }

        try
        {
            using var timeout = new CancellationTokenSource(Timeout);
            await Socket.CloseOutputAsync(Socket.CloseStatus ?? WebSocketCloseStatus.NormalClosure, null, timeout.Token);
        }
        catch (WebSocketException)
        {
            // The server may already have gone.
        }
    }
}
