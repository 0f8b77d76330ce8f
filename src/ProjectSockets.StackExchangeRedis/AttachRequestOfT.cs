namespace ProjectSockets.StackExchangeRedis;

/// <summary>A pending <c>AttachAsync</c> whose callback returns <typeparamref name="TResult"/>.</summary>
internal sealed class AttachRequest<TResult>(long? since, string? epoch, Func<ProjectAttachment, TResult> attach, CancellationToken cancellationToken)
    : AttachRequest(since, epoch, cancellationToken)
{
    // Continuations run elsewhere: the callback runs while the feed holds its lock.
    private readonly TaskCompletionSource<TResult> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Task<TResult> Task => _completion.Task;

    protected override void RunCallback(ProjectAttachment attachment)
    {
        TResult result;
        try
        {
            result = attach(attachment);
        }
        catch (Exception exception)
        {
            _completion.TrySetException(exception);
            return;
        }

        _completion.TrySetResult(result);
    }

    protected override void SetException(Exception exception) => _completion.TrySetException(exception);

    protected override void SetCanceled() => _completion.TrySetCanceled(CancellationToken);
}
