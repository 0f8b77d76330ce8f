namespace ProjectSockets.Benchmarks;

/// <summary>Counts messages handed to discarding connections, so a benchmark can wait until a broadcast is out.</summary>
internal sealed class DeliveryCounter
{
    private long _delivered;

    public long Delivered => Interlocked.Read(ref _delivered);

    public void Add(int messages) => Interlocked.Add(ref _delivered, messages);

    /// <summary>Spins until <paramref name="target"/> messages were handed over; writers run on the thread pool.</summary>
    public void WaitFor(long target)
    {
        var spin = new SpinWait();
        while (Interlocked.Read(ref _delivered) < target)
        {
            spin.SpinOnce(sleep1Threshold: -1);
        }
    }
}
