namespace ProjectSockets;

/// <summary>
/// Wakes writers. A broadcast wakes every idle subscriber's writer at once: instead of one thread-pool work item per
/// connection, the wake-ups collected during <see cref="BeginBatch"/> go out in chunks, and each chunk runs its
/// writers one after the other on one thread (their sends usually complete synchronously), as a plain loop over the
/// sockets would. Fewer work items, fewer thread hops, the same number of writers.
/// </summary>
internal static class SendQueueWaker
{
    private const int ChunkSize = 16;
    private const int PooledChunks = 256;
    private static readonly Stack<Chunk> s_pool = new();

    [ThreadStatic]
    private static Chunk? t_current;

    [ThreadStatic]
    private static Chunk? t_first;

    [ThreadStatic]
    private static int t_depth;

    /// <summary>Collects this thread's wake-ups until the returned scope is disposed. Scopes nest.</summary>
    public static Scope BeginBatch()
    {
        t_depth++;
        return default;
    }

    /// <summary>Wakes a queue's writer now, or at the end of this thread's batch.</summary>
    public static void Wake(SendQueue queue)
    {
        if (t_depth == 0)
        {
            ThreadPool.UnsafeQueueUserWorkItem(queue, preferLocal: false);
            return;
        }

        var chunk = t_current;
        if (chunk is null || chunk.Count == ChunkSize)
        {
            var next = Rent();
            if (chunk is null)
            {
                t_first = next;
            }
            else
            {
                chunk.Next = next;
            }

            t_current = chunk = next;
        }

        chunk.Items[chunk.Count++] = queue;
    }

    private static void Flush()
    {
        var chunk = t_first;
        t_first = t_current = null;
        while (chunk is not null)
        {
            var next = chunk.Next;
            chunk.Next = null;
            ThreadPool.UnsafeQueueUserWorkItem(chunk, preferLocal: false);
            chunk = next;
        }
    }

    private static Chunk Rent()
    {
        lock (s_pool)
        {
            if (s_pool.TryPop(out var chunk))
            {
                return chunk;
            }
        }

        return new Chunk();
    }

    private static void Return(Chunk chunk)
    {
        lock (s_pool)
        {
            if (s_pool.Count < PooledChunks)
            {
                s_pool.Push(chunk);
            }
        }
    }

    /// <summary>Ends a batch; the outermost one sends its wake-ups.</summary>
    public readonly struct Scope : IDisposable
    {
        public void Dispose()
        {
            if (--t_depth == 0)
            {
                Flush();
            }
        }
    }

    private sealed class Chunk : IThreadPoolWorkItem
    {
        public SendQueue[] Items { get; } = new SendQueue[ChunkSize];

        public int Count { get; set; }

        public Chunk? Next { get; set; }

        public void Execute()
        {
            var count = Count;
            for (var i = 0; i < count; i++)
            {
                var queue = Items[i];
                Items[i] = null!;

                // Runs that writer until it waits again: usually one send that completes synchronously.
                queue.Signal();
            }

            Count = 0;
            Return(this);
        }
    }
}
