using System.Buffers;

namespace ProjectSockets;

internal sealed partial class ConnectionState
{
    /// <summary>
    /// The connection's only writer: drains the queue, sending whatever is already waiting as one newline-separated
    /// batch, then performs the close the connection was asked for.
    /// </summary>
    public async Task RunWriterAsync()
    {
        var reader = _queue.Reader;
        var token = Lifetime.Token;
        var maxBatch = _options.SendQueue.MaxBatchBytes;
        try
        {
            // Waits without a token: with one, the channel allocates a new waiter for every wake-up, which a broadcast
            // would pay once per subscriber. The lifetime's end completes the queue instead (see the constructor).
            while (await reader.WaitToReadAsync())
            {
                token.ThrowIfCancellationRequested();
                if (DiscardPending || !reader.TryRead(out var first))
                {
                    break;
                }

                Release(first);
                if (!reader.TryPeek(out var next) || first.Data.Length + 1 + next.Data.Length > maxBatch)
                {
                    await Connection.SendAsync(first.Data, token);
                    continue;
                }

                await SendBatchAsync(reader, first, maxBatch, token);
            }

            token.ThrowIfCancellationRequested();
            if (IsClosing)
            {
                if (SendDisconnected)
                {
                    await Connection.SendAsync(ProtocolWriter.Disconnected(CloseCode, CloseReason), token);
                }

                await Connection.CloseAsync(CloseCode, CloseReason, token);
            }
        }
        catch (Exception exception) when (exception is OperationCanceledException or IOException or System.Net.WebSockets.WebSocketException or ObjectDisposedException)
        {
            ProjectSocketsLog.ConnectionFaulted(_logger, Id, exception);
            Connection.Abort();
        }
        catch (Exception exception)
        {
            // Whatever broke the transport, it can carry nothing more: abort so that the receive loop ends as well,
            // instead of leaving a connection that reads but never writes.
            ProjectSocketsLog.ConnectionError(_logger, Id, exception);
            Connection.Abort();
        }
    }

    private async Task SendBatchAsync(System.Threading.Channels.ChannelReader<Outbound> reader, Outbound first, int maxBatch, CancellationToken token)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(maxBatch);
        try
        {
            first.Data.Span.CopyTo(buffer);
            var length = first.Data.Length;
            while (reader.TryPeek(out var next) && length + 1 + next.Data.Length <= maxBatch && reader.TryRead(out next))
            {
                Release(next);
                buffer[length++] = (byte)'\n';
                next.Data.Span.CopyTo(buffer.AsSpan(length));
                length += next.Data.Length;
            }

            await Connection.SendAsync(buffer.AsMemory(0, length), token);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private void Release(Outbound item)
    {
        if (item.Counted)
        {
            Interlocked.Decrement(ref _queuedMessages);
            Interlocked.Add(ref _queuedBytes, -item.Data.Length);
        }
    }
}
