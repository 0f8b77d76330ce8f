namespace ProjectSockets.StackExchangeRedis;

/// <summary>
/// The answers to one control command: how many nodes received it (the publish's answer) and what each reported.
/// Answers may arrive before the publish's own answer does.
/// </summary>
internal sealed class PendingControl
{
    private readonly TaskCompletionSource _done = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Lock _gate = new();
    private int _expected = -1;
    private int _answers;
    private int _sum;

    public Task Done => _done.Task;

    public int Sum
    {
        get
        {
            lock (_gate)
            {
                return _sum;
            }
        }
    }

    public int Answers
    {
        get
        {
            lock (_gate)
            {
                return _answers;
            }
        }
    }

    public void Expect(int nodes)
    {
        lock (_gate)
        {
            _expected = nodes;
            CompleteIfAllAnswered();
        }
    }

    public void Add(int count)
    {
        lock (_gate)
        {
            _answers++;
            _sum += count;
            CompleteIfAllAnswered();
        }
    }

    private void CompleteIfAllAnswered()
    {
        if (_expected >= 0 && _answers >= _expected)
        {
            _done.TrySetResult();
        }
    }
}
