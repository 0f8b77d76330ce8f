namespace ProjectSockets;

/// <summary>
/// The writers one batch woke, in order. Run inline, or queued as one work item per chunk of
/// <see cref="ChunkSize"/>: every work item is this object, and each run takes the next chunk. The array is reused
/// from batch to batch, so waking writers allocates nothing once it has grown to the largest broadcast.
/// </summary>
internal sealed class WakeUps(SendQueueWaker owner) : IThreadPoolWorkItem
{
    private const int ChunkSize = 16;

    private SendQueue?[] _items = new SendQueue?[ChunkSize];
    private int _next;
    private int _runsLeft;

    public int Count { get; private set; }

    public void Add(SendQueue queue)
    {
        if (Count == _items.Length)
        {
            Array.Resize(ref _items, Count * 2);
        }

        _items[Count++] = queue;
    }

    public void RunAll()
    {
        var count = Count;
        Count = 0;
        Run(0, count);
    }

    public void QueueChunks()
    {
        var runs = (Count + ChunkSize - 1) / ChunkSize;
        _next = 0;
        _runsLeft = runs;
        for (var i = 0; i < runs; i++)
        {
            ThreadPool.UnsafeQueueUserWorkItem(this, preferLocal: false);
        }
    }

    void IThreadPoolWorkItem.Execute()
    {
        var start = Interlocked.Add(ref _next, ChunkSize) - ChunkSize;
        try
        {
            Run(start, Math.Min(start + ChunkSize, Count));
        }
        finally
        {
            if (Interlocked.Decrement(ref _runsLeft) == 0)
            {
                Count = 0;
                owner.Return(this);
            }
        }
    }

    /// <summary>
    /// Resumes the writers in <c>[start, end)</c>. Each was woken exactly once; should one throw, the others are
    /// still resumed, then the first exception is rethrown: none is left waiting for a wake-up that already came.
    /// </summary>
    private void Run(int start, int end)
    {
        List<Exception>? failures = null;
        for (var i = start; i < end; i++)
        {
            var queue = _items[i]!;
            _items[i] = null;
            try
            {
                // Runs that writer until it waits again: usually one send that completes synchronously.
                queue.Signal();
            }
            catch (Exception exception)
            {
                (failures ??= []).Add(exception);
            }
        }

        if (failures is not null)
        {
            if (failures.Count == 1)
            {
                System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(failures[0]);
            }

            throw new AggregateException(failures);
        }
    }
}
