using System.Buffers;
using System.Runtime.CompilerServices;
using Microsoft.Extensions.Logging;

namespace ProjectSockets;

/// <summary>A connection's only writer: drains its send queue into the transport, then closes as it was asked.</summary>
internal sealed class ConnectionWriter(ConnectionState state, SendQueue queue, SendQueueBudget budget, int maxBatch, ProjectSocketsMetrics metrics, ILogger logger)
{
    /// <summary>Gets the instruments this writer records what it sends with.</summary>
    public ProjectSocketsMetrics Metrics => metrics;

    private IConnection Connection => state.Connection;

    /// <summary>
    /// The connection's only writer: takes everything waiting at once and sends it as newline-separated batches
    /// (one message alone is sent as it is), then performs the close the connection was asked for.
    /// </summary>
    public async Task RunWriterAsync()
    {
        var token = state.Lifetime.Token;

        // Messages are sent without a cancellation token: WebSocket implementations take a slower path for every
        // send that could be cancelled (ManagedWebSocket: an async fallback that registers with the token). Ending
        // the connection's lifetime while the writer runs aborts the connection instead, which fails a pending send.
        using var abortOnCancel = token.UnsafeRegister(static connection => ((IConnection)connection!).Abort(), Connection);
        try
        {
            // Waits without a token; however the lifetime ends, the queue is woken (see the constructor).
            var sentInline = false;
            while (true)
            {
                // The previous frame first: what arrives meanwhile joins the next frame, and no frame's buffer waits
                // for a slow client (see WebSocketTransportStream).
                await WhenWrittenAsync().ConfigureAwait(false);
                var items = queue.TakeAll(out var count, out var completed);
                if (count == 0)
                {
                    if (completed)
                    {
                        break;
                    }

                    var wait = queue.WaitAsync();
                    if (!wait.IsCompleted)
                    {
                        // Resumed by a later wake-up: a new one batch on a publisher's thread.
                        sentInline = false;
                    }

                    await wait.ConfigureAwait(false);
                    token.ThrowIfCancellationRequested();
                    continue;
                }

                if (sentInline && queue.IsRunningInline)
                {
                    // One batch per wake-up on a publisher's thread (see SendQueueWaker); the rest from the pool. An
                    // async method's yield queues its own state machine: nothing is allocated.
                    // Task.Yield has no ConfigureAwait (CA2007 does not apply): with no context or scheduler set, it queues here.
                    sentInline = false;
                    await Task.Yield();
                }

                try
                {
                    if (state.Close?.DiscardPending == true)
                    {
                        break;
                    }

                    metrics.Delivery.QueueDrained(count);
                    await SendAllAsync(items, count, maxBatch).ConfigureAwait(false);
                    sentInline = queue.IsRunningInline;
                }
                finally
                {
                    queue.Return(items, count);
                }
            }

            token.ThrowIfCancellationRequested();
            if (state.Close is { } close)
            {
                if (close.SendDisconnected)
                {
                    await Connection.SendAsync(ProtocolWriter.Disconnected(close.Code, close.Reason), token).ConfigureAwait(false);
                }

                await Connection.CloseAsync(close.Code, close.Reason, token).ConfigureAwait(false);
            }
        }
        catch (Exception exception) when (exception is OperationCanceledException or IOException or System.Net.WebSockets.WebSocketException or ObjectDisposedException)
        {
            ProjectSocketsLog.ConnectionFaulted(logger, state.Id, exception);
            Connection.Abort();
        }
        catch (Exception exception)
        {
            // Whatever broke the transport, it can carry nothing more: abort so that the receive loop ends as well,
            // instead of leaving a connection that reads but never writes.
            ProjectSocketsLog.ConnectionError(logger, state.Id, exception);
            Connection.Abort();
        }
    }

    /// <summary>Sends <c>items[..count]</c> in order, as few WebSocket messages as the batch limit allows.</summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))] // A send that waits for the socket allocates nothing.
    private async ValueTask SendAllAsync(OutboundMessage[] items, int count, int maxBatch)
    {
        var start = 0;
        var frames = 0;
        long bytes = 0;
        while (start < count)
        {
            // The batch is items[start..end): what fits in maxBatch once joined with newlines.
            var length = items[start].Data.Length;
            var end = start + 1;
            while (end < count && length + 1 + items[end].Data.Length <= maxBatch)
            {
                length += 1 + items[end].Data.Length;
                end++;
            }

            Release(items, start, end);
            if (start > 0)
            {
                await WhenWrittenAsync().ConfigureAwait(false);
            }

            if (end == start + 1)
            {
                await Connection.SendAsync(items[start].Data, CancellationToken.None).ConfigureAwait(false);
            }
            else
            {
                // Rented at the batch's size, not the limit's: a busy server holds many of these at once.
                var buffer = ArrayPool<byte>.Shared.Rent(length);
                try
                {
                    var written = 0;
                    for (var i = start; i < end; i++)
                    {
                        if (i > start)
                        {
                            buffer[written++] = (byte)'\n';
                        }

                        items[i].Data.Span.CopyTo(buffer.AsSpan(written));
                        written += items[i].Data.Length;
                    }

                    await Connection.SendAsync(buffer.AsMemory(0, written), CancellationToken.None).ConfigureAwait(false);
                }
                finally
                {
                    ArrayPool<byte>.Shared.Return(buffer);
                }
            }

            metrics.Delivery.FrameSent(end - start);
            frames++;
            bytes += length;
            start = end;
        }

        // Counted once per drain, not per message: the hot path adds three numbers per batch.
        metrics.Delivery.Sent(count, frames, bytes);
    }

    /// <summary>Completes once the transport has taken every frame sent so far; at once for most connections.</summary>
    private ValueTask WhenWrittenAsync() => Connection is WebSocketConnection webSocket ? webSocket.WhenWrittenAsync() : ValueTask.CompletedTask;

    /// <summary>Takes a batch's counted messages off the queue's bounds as it leaves the queue.</summary>
    private void Release(OutboundMessage[] items, int start, int end)
    {
        var messages = 0;
        long bytes = 0;
        for (var i = start; i < end; i++)
        {
            if (items[i].Counted)
            {
                messages++;
                bytes += items[i].Data.Length;
            }
        }

        if (messages > 0)
        {
            budget.Release(messages, bytes);
        }
    }
}
