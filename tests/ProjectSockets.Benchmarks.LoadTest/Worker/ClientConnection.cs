using System.Buffers.Text;
using System.Diagnostics;
using System.Net.WebSockets;

namespace ProjectSockets.Benchmarks.LoadTest.Worker;

/// <summary>
/// One receiving client over a raw <see cref="ClientWebSocket"/>: reads whole WebSocket messages, splits them into
/// the server's records (ProjectSockets: newline; SignalR: 0x1E; raw: one per message), checks each event's
/// sequence and records its latency from the publish timestamp it carries.
/// </summary>
internal sealed class ClientConnection(ClientWebSocket socket, string kind, LatencyHistogram histogram)
{
    private static readonly byte[] s_pong = """{"type":"pong"}"""u8.ToArray();
    private static readonly byte[] s_signalRHandshake = "{\"protocol\":\"json\",\"version\":1}\u001e"u8.ToArray();
    private static readonly byte[] s_signalRPing = "{\"type\":6}\u001e"u8.ToArray();
    private static readonly double s_ticksPerMicro = Stopwatch.Frequency / 1_000_000.0;

    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private byte[] _buffer = new byte[1024];
    private int _carry;
    private long _expected = 1;

    public ClientWebSocket Socket => socket;

    public Task Ready => _ready.Task;

    public bool Closed { get; private set; }

    public long Events { get; private set; }

    public long InOrder { get; private set; }

    public long OutOfOrder { get; private set; }

    public long Gaps { get; private set; }

    public long Frames { get; private set; }

    public long Pings { get; private set; }

    public long FirstReceive { get; private set; }

    public long LastReceive { get; private set; }

    public void Reset()
    {
        _expected = 1;
        Events = InOrder = OutOfOrder = Gaps = Frames = Pings = FirstReceive = LastReceive = 0;
    }

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        try
        {
            switch (kind)
            {
                case ServerKind.SignalR:
                    await socket.SendAsync(s_signalRHandshake.AsMemory(), WebSocketMessageType.Text, true, cancellationToken);
                    break;
                case ServerKind.Raw:
                    _ready.TrySetResult();
                    break;
            }

            while (true)
            {
                var count = _carry;
                ValueWebSocketReceiveResult result;
                do
                {
                    if (count == _buffer.Length)
                    {
                        Array.Resize(ref _buffer, _buffer.Length * 2);
                    }

                    result = await socket.ReceiveAsync(_buffer.AsMemory(count), cancellationToken);
                    if (result.MessageType == WebSocketMessageType.Close)
                    {
                        return;
                    }

                    count += result.Count;
                }
                while (!result.EndOfMessage);

                var now = Stopwatch.GetTimestamp();
                Frames++;
                if (FirstReceive == 0)
                {
                    FirstReceive = now;
                }

                LastReceive = now;
                await ProcessAsync(count, now, cancellationToken);
            }
        }
        catch (Exception exception) when (exception is WebSocketException or OperationCanceledException or IOException or ObjectDisposedException)
        {
            // Closed below.
        }
        finally
        {
            Closed = true;
            _ready.TrySetResult();
        }
    }

    public ValueTask SendSignalRPingAsync(CancellationToken cancellationToken)
        => socket.SendAsync(s_signalRPing.AsMemory(), WebSocketMessageType.Text, true, cancellationToken);

    private async ValueTask ProcessAsync(int count, long now, CancellationToken cancellationToken)
    {
        switch (kind)
        {
            case ServerKind.Raw:
                OnEvent(_buffer.AsSpan(0, count), now);
                return;
            case ServerKind.SignalR:
                ProcessSignalR(count, now);
                return;
        }

        var sendPong = false;
        var rest = _buffer.AsSpan(0, count);
        while (!rest.IsEmpty)
        {
            var end = rest.IndexOf((byte)'\n');
            var record = end < 0 ? rest : rest[..end];
            rest = end < 0 ? [] : rest[(end + 1)..];
            if (!OnEvent(record, now))
            {
                if (record.StartsWith("""{"type":"ping"""u8))
                {
                    Pings++;
                    sendPong = true;
                }
                else if (record.StartsWith("""{"type":"welcome"""u8))
                {
                    _ready.TrySetResult();
                }
            }
        }

        if (sendPong)
        {
            await socket.SendAsync(s_pong.AsMemory(), WebSocketMessageType.Text, true, cancellationToken);
        }
    }

    private void ProcessSignalR(int count, long now)
    {
        var rest = _buffer.AsSpan(0, count);
        while (true)
        {
            var end = rest.IndexOf((byte)0x1e);
            if (end < 0)
            {
                // A record cut across WebSocket messages: keep it for the next one.
                rest.CopyTo(_buffer);
                _carry = rest.Length;
                return;
            }

            var record = rest[..end];
            rest = rest[(end + 1)..];
            if (!OnEvent(record, now))
            {
                if (record.SequenceEqual("{}"u8))
                {
                    _ready.TrySetResult();
                }
                else if (record.StartsWith("""{"type":6"""u8))
                {
                    Pings++;
                }
            }
        }
    }

    /// <summary>Reads <c>"bs":seq</c> and <c>"bt":publish-timestamp</c> from an event record.</summary>
    private bool OnEvent(ReadOnlySpan<byte> record, long now)
    {
        var at = record.IndexOf("\"bs\":"u8);
        if (at < 0 || !Utf8Parser.TryParse(record[(at + 5)..], out long seq, out _))
        {
            return false;
        }

        var timeAt = record.IndexOf("\"bt\":"u8);
        if (timeAt >= 0 && Utf8Parser.TryParse(record[(timeAt + 5)..], out long published, out _))
        {
            histogram.Record((long)((now - published) / s_ticksPerMicro));
        }

        Events++;
        if (seq == _expected)
        {
            InOrder++;
            _expected++;
        }
        else if (seq > _expected)
        {
            Gaps += seq - _expected;
            InOrder++;
            _expected = seq + 1;
        }
        else
        {
            OutOfOrder++;
        }

        return true;
    }
}
