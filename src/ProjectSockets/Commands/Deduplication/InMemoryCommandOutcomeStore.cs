using Microsoft.Extensions.Options;

namespace ProjectSockets;

/// <summary>
/// The default <see cref="ICommandOutcomeStore"/>: outcomes in this node's memory. A retry that reaches another node,
/// or this node after a restart, is not recognised. Memory is bounded by
/// <see cref="CommandDeduplicationOptions.MaxCommandsPerSession"/> and <see cref="CommandDeduplicationOptions.MaxCommands"/>:
/// beyond them a new command id is refused, and nothing remembered is forgotten before its window ends.
/// </summary>
internal sealed class InMemoryCommandOutcomeStore(IOptions<ProjectSocketsOptions> options, TimeProvider timeProvider) : ICommandOutcomeStore
{
    private readonly CommandDeduplicationOptions _options = options.Value.CommandDeduplication;
    private readonly Lock _gate = new();
    private readonly Dictionary<string, Dictionary<string, Entry>> _sessions = new(StringComparer.Ordinal);

    // Finished entries in the order they finished: with one window for all, also the order they expire in.
    private readonly Queue<(string Session, string Id, Entry Entry)> _expiry = new();
    private int _count;

    /// <summary>Gets how many commands are running or remembered (for tests).</summary>
    internal int Count
    {
        get
        {
            lock (_gate)
            {
                return _count;
            }
        }
    }

    public ValueTask<CommandClaim> ClaimAsync(CommandRunKey key, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(key);
        lock (_gate)
        {
            Expire(timeProvider.GetTimestamp());
            _sessions.TryGetValue(key.Session, out var entries);
            if (entries is not null && entries.TryGetValue(key.CommandId, out var earlier))
            {
                return new(earlier.Matches(key) ? CommandClaim.Replay(earlier.Outcome.Task) : CommandClaim.Refuse(Reused));
            }

            if (_count >= _options.MaxCommands)
            {
                return new(CommandClaim.Refuse(ServerFull));
            }

            if (entries is not null && entries.Count >= _options.MaxCommandsPerSession)
            {
                return new(CommandClaim.Refuse(SessionFull));
            }

            if (entries is null)
            {
                entries = new Dictionary<string, Entry>(StringComparer.Ordinal);
                _sessions.Add(key.Session, entries);
            }

            entries.Add(key.CommandId, new Entry(key.Command, key.Project));
            _count++;
            return new(CommandClaim.Run);
        }
    }

    public ValueTask CompleteAsync(CommandRunKey key, CommandOutcome outcome, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(outcome);
        Entry? entry = null;
        lock (_gate)
        {
            if (_sessions.TryGetValue(key.Session, out var entries) && entries.TryGetValue(key.CommandId, out entry))
            {
                entry.ExpiresAt = timeProvider.GetTimestamp() + (long)(_options.Window.TotalSeconds * timeProvider.TimestampFrequency);
                _expiry.Enqueue((key.Session, key.CommandId, entry));
            }
        }

        // Outside the lock: the retries waiting for this outcome continue from here.
        entry?.Outcome.TrySetResult(outcome);
        return ValueTask.CompletedTask;
    }

    /// <summary>Forgets the finished entries whose window has ended; sessions with nothing left go with them.</summary>
    private void Expire(long now)
    {
        while (_expiry.TryPeek(out var head) && head.Entry.ExpiresAt <= now)
        {
            _expiry.Dequeue();
            var entries = _sessions[head.Session];
            entries.Remove(head.Id);
            _count--;
            if (entries.Count == 0)
            {
                _sessions.Remove(head.Session);
            }
        }
    }

    private static readonly CommandOutcome Reused = CommandOutcome.Failure(
        ProtocolErrorCodes.CommandIdReused, "This command id was already used for another command or project in this session.");

    private static readonly CommandOutcome SessionFull = CommandOutcome.Failure(
        ProtocolErrorCodes.LimitExceeded, "This session has too many commands running or remembered; it did not run.");

    private static readonly CommandOutcome ServerFull = CommandOutcome.Failure(
        ProtocolErrorCodes.LimitExceeded, "The server remembers too many commands; it did not run.");

    private sealed class Entry(string command, string? project)
    {
        public TaskCompletionSource<CommandOutcome> Outcome { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public long ExpiresAt { get; set; } = long.MaxValue;

        public bool Matches(CommandRunKey key) => key.Command == command && key.Project == project;
    }
}
