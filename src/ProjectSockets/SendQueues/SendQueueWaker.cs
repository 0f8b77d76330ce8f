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
/// Each manager owns one waker, and nothing is shared between wakers: the burst record, the pool of wake-up lists and
/// each thread's open batch belong to the waker, so two managers in one process never change each other's scheduling.
/// </summary>
internal sealed class SendQueueWaker
{
    private const int PooledWakeUps = 64;
    private readonly TimeProvider _clock;
    private readonly Stack<WakeUps> _pool = new();
    private readonly Lock _lastBatchLock = new();

    // Per thread and per waker: the batch this thread has open with this waker, and whether this thread is running
    // this waker's writers inline. Another manager's waker has its own, so a batch of one never collects, runs or
    // times the writers of the other.
    private readonly ThreadLocal<ThreadBatch> _threadBatch = new(static () => new ThreadBatch());
    private long _lastBatchEnd;
    private int _closeBatches;
    private bool _batchEnded;

    /// <summary>Creates the waker of one manager, timing its batches with <paramref name="clock"/>.</summary>
    public SendQueueWaker(TimeProvider clock) => _clock = clock;

    /// <summary>Gets whether this thread is running this waker's writers inline, at the end of a batch.</summary>
    public bool IsRunningInline => _threadBatch.Value!.RunningInline;

    /// <summary>Gets the gap under which a batch follows the previous one too closely to run inline.</summary>
    internal static TimeSpan BurstGap { get; } = TimeSpan.FromMilliseconds(1);

    /// <summary>
    /// How many batches in a row may begin within <see cref="BurstGap"/> of the previous one's end and still run
    /// inline. One is a publisher catching up after a late timer; more is a burst.
    /// </summary>
    internal const int InlineCloseBatches = 1;

    /// <summary>
    /// Collects this thread's wake-ups of this waker's queues until the returned scope is disposed. Scopes nest; the
    /// outermost one runs the wake-ups.
    /// </summary>
    public Scope BeginBatch()
    {
        var batch = _threadBatch.Value!;
        if (batch.Depth++ == 0)
        {
            batch.Start = _clock.GetTimestamp();
        }

        return new Scope(this, batch);
    }

    /// <summary>Wakes a queue's writer now, or at the end of this thread's batch.</summary>
    public void Wake(SendQueue queue)
    {
        var batch = _threadBatch.Value!;
        if (batch.Depth == 0)
        {
            ThreadPool.UnsafeQueueUserWorkItem(queue, preferLocal: false);
            return;
        }

        (batch.WakeUps ??= Rent()).Add(queue);
    }

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

    private void Flush(ThreadBatch batch)
    {
        var wakeUps = batch.WakeUps;
        if (wakeUps is null || wakeUps.Count == 0)
        {
            return;
        }

        bool inline;
        lock (_lastBatchLock)
        {
            if (_batchEnded)
            {
                inline = ShouldRunInline(_clock.GetElapsedTime(_lastBatchEnd, batch.Start), ref _closeBatches);
            }
            else
            {
                // No batch has ended yet: nothing to compare with.
                inline = true;
                _closeBatches = 0;
            }
        }

        // Detached while it runs: a writer that starts a batch of its own on this thread gets another list.
        batch.WakeUps = null;
        if (inline)
        {
            // Restored, not cleared: this may be a batch nested in a writer that an outer batch runs inline.
            var outer = batch.RunningInline;
            batch.RunningInline = true;

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

                batch.RunningInline = outer;
            }

            // Kept by this thread for its next batch, unless a nested batch left one there.
            if (batch.WakeUps is null)
            {
                batch.WakeUps = wakeUps;
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

        lock (_lastBatchLock)
        {
            _batchEnded = true;
            _lastBatchEnd = _clock.GetTimestamp();
        }
    }

    private WakeUps Rent()
    {
        lock (_pool)
        {
            if (_pool.TryPop(out var wakeUps))
            {
                return wakeUps;
            }
        }

        return new WakeUps(this);
    }

    internal void Return(WakeUps wakeUps)
    {
        lock (_pool)
        {
            if (_pool.Count < PooledWakeUps)
            {
                _pool.Push(wakeUps);
            }
        }
    }

    /// <summary>Ends a batch; the outermost one runs its wake-ups.</summary>
    public readonly struct Scope : IDisposable
    {
        private readonly SendQueueWaker _owner;
        private readonly ThreadBatch _batch;

        internal Scope(SendQueueWaker owner, ThreadBatch batch)
        {
            _owner = owner;
            _batch = batch;
        }

        public void Dispose()
        {
            if (--_batch.Depth == 0)
            {
                _owner.Flush(_batch);
            }
        }
    }

    /// <summary>What one thread holds for one waker: its open batch and whether it runs that waker's writers.</summary>
    internal sealed class ThreadBatch
    {
        public int Depth;
        public long Start;
        public bool RunningInline;
        public WakeUps? WakeUps;
    }
}
