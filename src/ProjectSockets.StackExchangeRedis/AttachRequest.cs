namespace ProjectSockets.StackExchangeRedis;

/// <summary>
/// A pending <c>AttachAsync</c>: where the subscriber resumes from, and how to complete it. It ends exactly once:
/// with the callback's result, with a failure, or cancelled, and cancelled only while the callback has not started,
/// so the caller never sees "cancelled" for a subscriber that was registered.
/// </summary>
internal abstract class AttachRequest
{
    private const int Pending = 0;
    private const int Started = 1;
    private const int Ended = 2;
    private readonly CancellationTokenRegistration _registration;
    private int _state;

    protected AttachRequest(long? since, string? epoch, CancellationToken cancellationToken)
    {
        Resume = since is { } seq && epoch is not null ? new SeqPosition(seq, epoch) : null;
        CancellationToken = cancellationToken;
        _registration = cancellationToken.Register(static state => ((AttachRequest)state!).Cancel(), this);
    }

    /// <summary>Gets the position to resume from, when the subscriber gave both <c>since</c> and <c>epoch</c>.</summary>
    public SeqPosition? Resume { get; }

    public CancellationToken CancellationToken { get; }

    /// <summary>Gets whether the request has ended (cancelled, typically) before the feed reached it.</summary>
    public bool IsEnded => Volatile.Read(ref _state) == Ended;

    /// <summary>Runs the manager's callback with the attachment, unless the request already ended.</summary>
    /// <returns>Whether the callback ran.</returns>
    public bool TryComplete(ProjectAttachment attachment)
    {
        if (Interlocked.CompareExchange(ref _state, Started, Pending) != Pending)
        {
            return false;
        }

        RunCallback(attachment);
        Volatile.Write(ref _state, Ended);
        _registration.Dispose();
        return true;
    }

    public void Fail(Exception exception)
    {
        if (Interlocked.CompareExchange(ref _state, Ended, Pending) == Pending)
        {
            SetException(exception);
            _registration.Dispose();
        }
    }

    public void Cancel()
    {
        if (Interlocked.CompareExchange(ref _state, Ended, Pending) == Pending)
        {
            SetCanceled();
        }
    }

    /// <summary>Runs the callback and completes the task with its result or exception.</summary>
    protected abstract void RunCallback(ProjectAttachment attachment);

    protected abstract void SetException(Exception exception);

    protected abstract void SetCanceled();
}
