using System.Threading.Tasks.Sources;

namespace ProjectSockets;

/// <summary>
/// A connection's send queue: many producers (broadcasts, commands, heartbeats), one reader (the writer loop).
/// Producers append under a short lock; the reader takes everything waiting in one swap, so a burst costs one lock
/// per message and one per batch. Steady state allocates nothing: the two arrays are reused, the reader's wait is
/// this object (an <see cref="IValueTaskSource"/>) and its wake-up goes through <see cref="SendQueueWaker"/>.
/// An idle queue holds no array once <see cref="Trim"/> has seen it quiet for a whole heartbeat tick.
/// </summary>
/// <param name="waker">The waker of the manager the queue belongs to; without one, wake-ups go to the thread pool.</param>
internal sealed class SendQueue(SendQueueWaker? waker = null) : IValueTaskSource, IThreadPoolWorkItem
{
    private readonly Lock _lock = new();
    private OutboundMessage[] _pending = [];
    private OutboundMessage[] _spare = [];
    private int _count;
    private Status _status;
    private ManualResetValueTaskSourceCore<bool> _signal;

    /// <summary>Gets whether this thread is running this queue's waker's writers inline (see <see cref="SendQueueWaker"/>).</summary>
    public bool IsRunningInline => waker?.IsRunningInline ?? false;

    /// <summary>Appends a message; false once the queue is completed.</summary>
    public bool TryWrite(OutboundMessage message) => TryWrite(message, pong: false);

    /// <summary>
    /// Appends a <c>pong</c> unless one is already waiting, which then answers this <c>ping</c> too: however many pings
    /// a client sends, at most one pong waits for it. False once the queue is completed.
    /// </summary>
    public bool TryWritePong(ReadOnlyMemory<byte> pong) => TryWrite(new OutboundMessage(pong, Counted: false), pong: true);

    private bool TryWrite(OutboundMessage message, bool pong)
    {
        bool wake;
        lock (_lock)
        {
            if (_status.Completed)
            {
                return false;
            }

            if (pong)
            {
                if (_status.PongWaiting)
                {
                    return true;
                }

                _status.PongWaiting = true;
            }

            if (_count == _pending.Length)
            {
                Array.Resize(ref _pending, Math.Max(4, _count * 2));
            }

            _pending[_count++] = message;
            _status.Active = true;
            wake = _status.Waiting;
            _status.Waiting = false;
        }

        if (wake)
        {
            if (waker is null)
            {
                ThreadPool.UnsafeQueueUserWorkItem(this, preferLocal: false);
            }
            else
            {
                waker.Wake(this);
            }
        }

        return true;
    }

    /// <summary>No message is accepted after this; the reader still takes what is waiting.</summary>
    public void Complete()
    {
        lock (_lock)
        {
            _status.Completed = true;
        }

        Wake();
    }

    /// <summary>Wakes a waiting reader so that it looks at its cancellation token again.</summary>
    public void Wake()
    {
        bool wake;
        lock (_lock)
        {
            _status.Woken = true;
            wake = _status.Waiting;
            _status.Waiting = false;
        }

        if (wake)
        {
            ThreadPool.UnsafeQueueUserWorkItem(this, preferLocal: false);
        }
    }

    /// <summary>
    /// Takes every waiting message. The reader hands the array back with <see cref="Return"/> once it has sent them.
    /// </summary>
    /// <returns>The messages in <c>items[..count]</c>; count 0 with <paramref name="completed"/> means the end.</returns>
    public OutboundMessage[] TakeAll(out int count, out bool completed)
    {
        lock (_lock)
        {
            var items = _pending;
            count = _count;
            completed = _status.Completed;
            if (count > 0)
            {
                _pending = _spare;
                _spare = [];
                _count = 0;
                _status.PongWaiting = false;
            }

            return items;
        }
    }

    /// <summary>Gives back the array <see cref="TakeAll"/> returned, emptied so that it keeps no message alive.</summary>
    public void Return(OutboundMessage[] items, int count)
    {
        Array.Clear(items, 0, count);
        lock (_lock)
        {
            if (_spare.Length < items.Length)
            {
                _spare = items;
            }
        }
    }

    /// <summary>Completes when a message arrives, the queue completes, or <see cref="Wake"/> is called.</summary>
    public ValueTask WaitAsync()
    {
        lock (_lock)
        {
            if (_count > 0 || _status.Completed || _status.Woken)
            {
                _status.Woken = false;
                return ValueTask.CompletedTask;
            }

            _signal.Reset();
            _status.Waiting = true;
            return new ValueTask(this, _signal.Version);
        }
    }

    /// <summary>
    /// Called at every heartbeat tick: a queue that has stayed empty since the previous tick lets its arrays go, so an
    /// idle connection holds none; a busy one keeps them and allocates nothing.
    /// </summary>
    public void Trim()
    {
        lock (_lock)
        {
            if (!_status.Active && _count == 0)
            {
                _pending = [];
                _spare = [];
            }

            _status.Active = false;
        }
    }

    /// <summary>Resumes the waiting reader on this thread. Called once per wake-up, by the waker or the thread pool.</summary>
    public void Signal() => _signal.SetResult(true);

    void IThreadPoolWorkItem.Execute() => Signal();

    void IValueTaskSource.GetResult(short token) => _signal.GetResult(token);

    ValueTaskSourceStatus IValueTaskSource.GetStatus(short token) => _signal.GetStatus(token);

    void IValueTaskSource.OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags)
        => _signal.OnCompleted(continuation, state, token, flags);

    /// <summary>What the queue's lock guards besides the arrays: the reader's and the producers' flags.</summary>
    private struct Status
    {
        /// <summary>No message is accepted any more.</summary>
        public bool Completed;

        /// <summary>The reader was woken without a message, to look at its token again.</summary>
        public bool Woken;

        /// <summary>The reader waits for a signal.</summary>
        public bool Waiting;

        /// <summary>A message arrived since the last trim.</summary>
        public bool Active;

        /// <summary>A pong waits in the queue: another ping is answered by it.</summary>
        public bool PongWaiting;
    }
}

/// <summary>One message waiting in a <see cref="SendQueue"/>; <paramref name="Counted"/> ones count against its bound.</summary>
internal readonly record struct OutboundMessage(ReadOnlyMemory<byte> Data, bool Counted);
