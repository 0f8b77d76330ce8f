namespace ProjectSockets.Client.Internal;

/// <summary>
/// The commands of one connection waiting for their result, by id. When the connection ends, every waiting command
/// fails at once, and so does every command added later: a result can no longer arrive.
/// </summary>
internal sealed class PendingCommandTable
{
    private readonly Dictionary<string, PendingCommand> _pending = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _ended = new();
    private Exception? _endedWith;

    /// <summary>
    /// Gets or sets how long the server remembers this client's command ids (<c>welcome</c>'s <c>session</c>), or
    /// <see langword="null"/> when it announced no session: then a command lost with the connection is not sent again.
    /// </summary>
    public TimeSpan? SessionWindow { get; set; }

    /// <summary>Cancelled by <see cref="FailAll"/>: the connection's receive loop has ended.</summary>
    public CancellationToken Ended => _ended.Token;

    /// <summary>Registers a command; fails it at once when the connection has already ended.</summary>
    public void Add(string id, PendingCommand command)
    {
        lock (_pending)
        {
            if (_endedWith is null)
            {
                _pending.Add(id, command);
                return;
            }
        }

        command.Fail(_endedWith);
    }

    public bool TryTake(string id, out PendingCommand? command)
    {
        lock (_pending)
        {
            return _pending.Remove(id, out command);
        }
    }

    /// <summary>Fails every waiting command, and every later one, with <paramref name="exception"/>, and cancels <see cref="Ended"/>.</summary>
    public void FailAll(Exception exception)
    {
        PendingCommand[] waiting;
        lock (_pending)
        {
            _endedWith ??= exception;
            waiting = [.. _pending.Values];
            _pending.Clear();
        }

        foreach (var command in waiting)
        {
            command.Fail(exception);
        }

        _ended.Cancel();
    }
}
