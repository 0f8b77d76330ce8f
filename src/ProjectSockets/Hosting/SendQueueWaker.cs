namespace ProjectSockets;

/// <summary>
/// Wakes writers. A broadcast wakes every idle subscriber's writer at once; the wake-ups collected during
/// <see cref="BeginBatch"/> are run when the outermost batch ends, in one of two ways:
/// <list type="bullet">
/// <item>
/// <b>Inline</b>, on the thread that ended the batch, one writer after the other (their sends usually complete
/// synchronously), as a plain loop over the sockets would. No thread has to be woken between the publish and the
/// sends, which on a busy machine is most of the latency. A writer whose send does not complete synchronously goes on
/// later by itself, and a writer that has sent one batch inline continues on the thread pool, so the publisher never
/// waits for a socket.
/// </item>
/// <item>
/// <b>On the thread pool, in chunks</b>, in a burst: when batches keep beginning less than <see cref="BurstGap"/>
/// after the previous one ended. The publisher then runs ahead, the queues fill, and each writer sends what has
/// accumulated as one batch; fewer frames for the same events is what lets a saturated server keep up.
/// </item>
/// </list>
/// </summary>
internal static class SendQueueWaker
{
    private const int ChunkSize = 16;
    private const int PooledWakeUps = 64;
    private static readonly Stack<WakeUps> s_pool = new();
    private static readonly Lock s_lastBatchLock = new();
    private static TimeProvider? s_lastBatchClock;
    private static long s_lastBatchEnd;
    private static int s_closeBatches;

    [ThreadStatic]
    private static WakeUps? t_wakeUps;

    [ThreadStatic]
    private static int t_depth;

    [ThreadStatic]
    private static TimeProvider? t_clock;

    [ThreadStatic]
    private static long t_batchStart;

    [ThreadStatic]
    private static bool t_runningInline;

    /// <summary>Gets whether this thread is running writers inline, at the end of a batch.</summary>
    public static bool IsRunningInline => t_runningInline;

    /// <summary>
    /// Collects this thread's wake-ups until the returned scope is disposed. Scopes nest; the outermost one runs the
    /// wake-ups, timing its inline runs with <paramref name="timeProvider"/>.
    /// </summary>
    public static Scope BeginBatch(TimeProvider timeProvider)
    {
        if (t_depth++ == 0)
        {
            t_clock = timeProvider;
            t_batchStart = timeProvider.GetTimestamp();
        }

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

        (t_wakeUps ??= Rent()).Add(queue);
    }

    /// <summary>Gets the gap under which a batch follows the previous one too closely to run inline.</summary>
    internal static TimeSpan BurstGap { get; } = TimeSpan.FromMilliseconds(1);

    /// <summary>
    /// How many batches in a row may begin within <see cref="BurstGap"/> of the previous one's end and still run
    /// inline. One is a publisher catching up after a late timer; more is a burst.
    /// </summary>
    internal const int InlineCloseBatches = 1;

    /// <summary>
    /// Decides whether a batch runs inline, and counts how many batches in a row came close to the previous one.
    /// </summary>
    /// <param name="sincePreviousBatchEnd">The time from the previous batch's end to this batch's beginning.</param>
    /// <param name="closeBatches">Batches in a row that came close; updated.</param>
    internal static bool ShouldRunInline(TimeSpan sincePreviousBatchEnd, ref int closeBatches)
    {
        closeBatches = sincePreviousBatchEnd < BurstGap ? closeBatches + 1 : 0;
        return closeBatches <= InlineCloseBatches;
    }

    private static void Flush()
    {
        var wakeUps = t_wakeUps;
        var clock = t_clock!;
        t_clock = null;
        if (wakeUps is null || wakeUps.Count == 0)
        {
            return;
        }

        bool inline;
        lock (s_lastBatchLock)
        {
            if (ReferenceEquals(s_lastBatchClock, clock))
            {
                inline = ShouldRunInline(clock.GetElapsedTime(s_lastBatchEnd, t_batchStart), ref s_closeBatches);
            }
            else
            {
                // The last batch was timed by another clock (another manager's): nothing to compare with.
                inline = true;
                s_closeBatches = 0;
            }
        }

        // Detached while it runs: a writer that starts a batch of its own on this thread gets another list.
        t_wakeUps = null;
        if (inline)
        {
            // Restored, not cleared: this may be a batch nested in a writer that an outer batch runs inline.
            var outer = t_runningInline;
            t_runningInline = true;

            // The writers must not capture the publisher's synchronization context (a UI thread's, say) in their
            // awaits: they run without one, as they do on the thread pool.
            var context = SynchronizationContext.Current;
            if (context is not null)
            {
                SynchronizationContext.SetSynchronizationContext(null);
            }

            try
            {
                wakeUps.RunAll();
            }
            finally
            {
                if (context is not null)
                {
                    SynchronizationContext.SetSynchronizationContext(context);
                }

                t_runningInline = outer;
            }

            // Kept by this thread for its next batch, unless a nested batch left one there.
            if (t_wakeUps is null)
            {
                t_wakeUps = wakeUps;
            }
            else
            {
                Return(wakeUps);
            }
        }
        else
        {
            // The list goes with its work items; the last of them gives it back to the pool.
            wakeUps.QueueChunks();
        }

        lock (s_lastBatchLock)
        {
            s_lastBatchClock = clock;
            s_lastBatchEnd = clock.GetTimestamp();
        }
    }

    private static WakeUps Rent()
    {
        lock (s_pool)
        {
            if (s_pool.TryPop(out var wakeUps))
            {
                return wakeUps;
            }
        }

        return new WakeUps();
    }

    private static void Return(WakeUps wakeUps)
    {
        lock (s_pool)
        {
            if (s_pool.Count < PooledWakeUps)
            {
                s_pool.Push(wakeUps);
            }
        }
    }

    /// <summary>Ends a batch; the outermost one runs its wake-ups.</summary>
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

    /// <summary>
    /// The writers one batch woke, in order. Run inline, or queued as one work item per chunk of
    /// <see cref="ChunkSize"/>: every work item is this object, and each run takes the next chunk. The array is reused
    /// from batch to batch, so waking writers allocates nothing once it has grown to the largest broadcast.
    /// </summary>
    private sealed class WakeUps : IThreadPoolWorkItem
    {
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
                    Return(this);
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
}
