using System.Text;
using System.Text.Json;

namespace ProjectSockets.Testing;

/// <summary>The client end of an in-memory connection, reading protocol messages one at a time (batches are split).</summary>
public sealed class TestClient(InMemoryConnection connection, string serverId, Task run)
{
    /// <summary>A generous bound on any single wait: the machine is shared and may be slow.</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);
    private readonly Queue<JsonElement> _pending = new();
    private readonly System.Buffers.ArrayBufferWriter<byte> _buffer = new();

    public InMemoryConnection Connection { get; } = connection;

    /// <summary>Gets the server-side id of this connection.</summary>
    public string Id { get; } = serverId;

    /// <summary>Completes when the server has finished with this connection.</summary>
    public Task Run { get; } = run;

    public JsonElement Welcome { get; set; }

    public int? CloseCode { get; private set; }

    public Task SendAsync(string json) => Connection.SendAsync(Encoding.UTF8.GetBytes(json)).AsTask();

    public Task SendCommandAsync(string command, string? id = null, string? project = null, string? args = null)
    {
        var json = new StringBuilder("{\"type\":\"command\",\"command\":\"").Append(command).Append('"');
        if (id is not null) json.Append(",\"id\":\"").Append(id).Append('"');
        if (project is not null) json.Append(",\"project\":\"").Append(project).Append('"');
        if (args is not null) json.Append(",\"args\":").Append(args);
        return SendAsync(json.Append('}').ToString());
    }

    /// <summary>Reads the next protocol message; fails if it is not of <paramref name="type"/>.</summary>
    public async Task<JsonElement> ReceiveAsync(string? type = null)
    {
        var message = await NextAsync() ?? throw new InvalidOperationException($"Closed with {CloseCode} while waiting for '{type}'.");
        if (type is not null)
        {
            Assert.Equal(type, message.GetProperty("type").GetString());
        }

        return message;
    }

    /// <summary>Reads <paramref name="count"/> events and returns their seqs.</summary>
    public async Task<List<long>> ReceiveSeqsAsync(int count)
    {
        var seqs = new List<long>(count);
        for (var i = 0; i < count; i++)
        {
            seqs.Add((await ReceiveAsync("event")).GetProperty("seq").GetInt64());
        }

        return seqs;
    }

    /// <summary>Reads messages until the close frame; returns them and the close code.</summary>
    public async Task<(List<JsonElement> Messages, int? CloseCode)> ReceiveUntilClosedAsync()
    {
        var messages = new List<JsonElement>();
        while (await NextAsync() is { } message)
        {
            messages.Add(message);
        }

        return (messages, CloseCode);
    }

    /// <summary>Reads messages up to and including the first that <paramref name="stop"/> accepts.</summary>
    public async Task<List<JsonElement>> ReceiveUntilAsync(Func<JsonElement, bool> stop)
    {
        var messages = new List<JsonElement>();
        while (true)
        {
            var message = await ReceiveAsync();
            messages.Add(message);
            if (stop(message))
            {
                return messages;
            }
        }
    }

    /// <summary>
    /// Sends <c>ping</c> and reads up to its <c>pong</c>: everything the server queued before it handled the ping
    /// comes first, so the messages returned are all it had to say until then.
    /// </summary>
    public async Task<List<JsonElement>> BarrierAsync()
    {
        await SendAsync("""{"type":"ping"}""");
        var messages = await ReceiveUntilAsync(m => m.GetProperty("type").GetString() == "pong");
        messages.RemoveAt(messages.Count - 1);
        return messages;
    }

    /// <summary>Reads the next WebSocket message whole, without splitting a batch.</summary>
    public async Task<string> ReceiveRawAsync()
    {
        Assert.Empty(_pending);
        _buffer.Clear();
        var result = await Connection.ReceiveAsync(_buffer, int.MaxValue).AsTask().WaitAsync(Timeout);
        Assert.Equal(ReceivedMessageType.Text, result.MessageType);
        return Encoding.UTF8.GetString(_buffer.WrittenSpan);
    }

    /// <summary>Sends a command with an id and returns its result; the messages before it go to <paramref name="before"/>.</summary>
    public async Task<JsonElement> InvokeAsync(string command, string id, string? project, string? args, List<JsonElement> before)
    {
        await SendCommandAsync(command, id, project, args);
        var messages = await ReceiveUntilAsync(m => m.GetProperty("type").GetString() == "result" && m.GetProperty("id").GetString() == id);
        before.AddRange(messages.Take(messages.Count - 1));
        return messages[^1];
    }

    /// <summary>Sends a command with an id and returns its result.</summary>
    public async Task<JsonElement> InvokeAsync(string command, string id, string? project = null, string? args = null)
    {
        await SendCommandAsync(command, id, project, args);
        var result = await ReceiveAsync("result");
        Assert.Equal(id, result.GetProperty("id").GetString());
        return result;
    }

    /// <summary>Answers the server's close and waits for the server to finish.</summary>
    public async Task CloseAsync(int code = 1000)
    {
        await Connection.CloseAsync(code, "bye");
        await Run.WaitAsync(Timeout);
    }

    /// <summary>Reads the next message, or null once the connection is closed.</summary>
    public async Task<JsonElement?> NextAsync()
    {
        if (_pending.Count > 0)
        {
            return _pending.Dequeue();
        }

        if (CloseCode is not null)
        {
            return null;
        }

        _buffer.Clear();
        ReceiveResult result;
        try
        {
            result = await Connection.ReceiveAsync(_buffer, int.MaxValue).AsTask().WaitAsync(Timeout);
        }
        catch (IOException)
        {
            CloseCode = -1;
            return null;
        }

        if (result.MessageType == ReceivedMessageType.Close)
        {
            CloseCode = result.CloseStatus;
            await Connection.CloseAsync(result.CloseStatus ?? 1000, "ack");
            return null;
        }

        var text = Encoding.UTF8.GetString(_buffer.WrittenSpan);
        Assert.False(text.StartsWith('\n') || text.EndsWith('\n'), "A batch has no leading or trailing newline.");
        foreach (var line in text.Split('\n'))
        {
            _pending.Enqueue(JsonDocument.Parse(line).RootElement.Clone());
        }

        return _pending.Dequeue();
    }
}
