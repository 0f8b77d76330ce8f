namespace ProjectSockets;

/// <summary>
/// What one connection's counted messages hold in its send queue, against <see cref="SendQueueOptions"/>'s bounds.
/// Replayed events and pongs are not counted.
/// </summary>
internal sealed class SendQueueBudget(SendQueueOptions policy)
{
    private int _messages;
    private long _bytes;

    /// <summary>Gets how many queued messages count against the bound.</summary>
    public int Messages => Volatile.Read(ref _messages);

    /// <summary>Gets how many queued bytes count against the bound.</summary>
    public long Bytes => Interlocked.Read(ref _bytes);

    /// <summary>Counts a message in; false (and nothing counted) when it would overflow a bound.</summary>
    public bool TryReserve(int length)
    {
        var messages = Interlocked.Increment(ref _messages);
        var bytes = Interlocked.Add(ref _bytes, length);
        if (messages > policy.MaxMessages || bytes > policy.MaxBytes)
        {
            Release(1, length);
            return false;
        }

        return true;
    }

    /// <summary>Counts messages out, as they leave the queue or were not queued after all.</summary>
    public void Release(int messages, long bytes)
    {
        Interlocked.Add(ref _messages, -messages);
        Interlocked.Add(ref _bytes, -bytes);
    }
}
