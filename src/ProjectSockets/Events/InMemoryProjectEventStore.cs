using System.Buffers.Text;
using System.Collections.Concurrent;
using System.Security.Cryptography;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace ProjectSockets;

/// <summary>
/// The default, single-node event store: per-project seq and epoch, and a history bounded by count, bytes and age.
/// A new process starts every project in a new epoch. A project that has had no subscriber on this node, no event and
/// no attach or detach for <see cref="HistoryOptions.MaxAge"/> (so its history is empty) is forgotten by the periodic
/// sweep; named again, it starts over in a new epoch, so a client resuming from before cannot mistake the new seqs
/// for the old ones (it gets <c>recovered: false</c>, as history is gone).
/// </summary>
internal sealed class InMemoryProjectEventStore : IProjectEventStore, IDisposable
{
    private static readonly TimeSpan s_maxSweepPeriod = TimeSpan.FromMinutes(1);
    private readonly ConcurrentDictionary<string, ProjectLog> _projects = new(StringComparer.Ordinal);
    private readonly HistoryOptions _history;
    private readonly TimeProvider _timeProvider;
    private readonly ITimer _sweep;
    private readonly ILogger _logger;
    private IProjectEventSink? _sink;

    public InMemoryProjectEventStore(IOptions<ProjectSocketsOptions> options, TimeProvider timeProvider, ILogger<InMemoryProjectEventStore>? logger = null)
    {
        _history = options.Value.History;
        _timeProvider = timeProvider;
        _logger = logger ?? (ILogger)NullLogger.Instance;

        // Appends and attaches trim as they go; the sweep frees what idle projects still hold past MaxAge, and forgets
        // the projects left with nothing.
        var period = _history.MaxAge < s_maxSweepPeriod ? _history.MaxAge : s_maxSweepPeriod;
        _sweep = timeProvider.CreateTimer(static state => ((InMemoryProjectEventStore)state!).Sweep(), this, period, period);
    }

    /// <summary>Gets how many projects the store holds state for (for tests).</summary>
    internal int ProjectCount => _projects.Count;

    public void RegisterSink(IProjectEventSink sink)
    {
        ArgumentNullException.ThrowIfNull(sink);
        if (Interlocked.CompareExchange(ref _sink, sink, null) is not null)
        {
            throw new InvalidOperationException("A sink is already registered with this store.");
        }
    }

    public ValueTask<PublishResult> AppendAsync(string project, string eventName, ReadOnlyMemory<byte> data, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        while (true)
        {
            var log = GetLog(project);
            lock (log)
            {
                if (log.Reclaimed)
                {
                    // The sweep forgot it between the lookup and the lock: the project starts over in a new log.
                    continue;
                }

                return Append(log, project, eventName, data);
            }
        }
    }

    public ValueTask<TResult> AttachAsync<TResult>(string project, long? since, string? epoch, Func<ProjectAttachment, TResult> attach, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(attach);
        cancellationToken.ThrowIfCancellationRequested();
        while (true)
        {
            var log = GetLog(project);
            lock (log)
            {
                if (log.Reclaimed)
                {
                    continue;
                }

                var now = _timeProvider.GetUtcNow();
                log.Trim(_history, now);
                log.Touch(now);
                var replay = log.TryGetSince(since, epoch);
                var position = new SubscriptionPosition(project, log.Seq, log.Epoch, replay is not null);
                return ValueTask.FromResult(attach(new ProjectAttachment(position, replay ?? [])));
            }
        }
    }

    public void Detach(string project)
    {
        // Called under the manager's lock, so the log's lock is not taken. History outlives subscribers: the project
        // is kept, so that a client that comes back within MaxAge still resumes; the sweep forgets it after that.
        if (_projects.TryGetValue(project, out var log))
        {
            log.Touch(_timeProvider.GetUtcNow());
        }
    }

    public void Dispose() => _sweep.Dispose();

    internal int HistoryCount(string project) => _projects.TryGetValue(project, out var log) ? log.Count : 0;

    /// <summary>Appends under the log's lock.</summary>
    private ValueTask<PublishResult> Append(ProjectLog log, string project, string eventName, ReadOnlyMemory<byte> data)
    {
        var now = _timeProvider.GetUtcNow();
        var projectEvent = ProjectEvent.Create(project, eventName, log.Seq + 1, log.Epoch, now, data.Span);
        log.Seq = projectEvent.Seq;
        log.Append(projectEvent, _history, now);
        log.Touch(now);

        // Delivered under the project's lock: concurrent publishers cannot reorder a project's events.
        var delivered = _sink?.Deliver(projectEvent) ?? 0;
        return ValueTask.FromResult(new PublishResult(project, projectEvent.Seq, log.Epoch, delivered));
    }

    /// <summary>
    /// Trims every project's history and forgets the projects with nothing left: no subscriber here, no history, and
    /// nothing done with them (append, attach, detach) for MaxAge.
    /// </summary>
    private void Sweep()
    {
        var now = _timeProvider.GetUtcNow();
        var reclaimed = 0;
        foreach (var (project, log) in _projects)
        {
            lock (log)
            {
                log.Trim(_history, now);

                // Subscribers are added under this lock (in attach), so none can appear while it is held.
                if (log.Count == 0 && now - log.LastActive >= _history.MaxAge && (_sink?.GetSubscriberCount(project) ?? 0) == 0)
                {
                    log.Reclaimed = true;
                    _projects.TryRemove(new KeyValuePair<string, ProjectLog>(project, log));
                    reclaimed++;
                }
            }
        }

        if (reclaimed > 0)
        {
            ProjectSocketsLog.ProjectsReclaimed(_logger, reclaimed);
        }
    }

    private ProjectLog GetLog(string project)
        => _projects.GetOrAdd(project, static (_, store) => new ProjectLog(NewEpoch(), store._timeProvider.GetUtcNow()), this);

    private static string NewEpoch()
    {
        Span<byte> bytes = stackalloc byte[12];
        RandomNumberGenerator.Fill(bytes);
        return Base64Url.EncodeToString(bytes);
    }

    private sealed class ProjectLog(string epoch, DateTimeOffset created)
    {
        private readonly Queue<ProjectEvent> _events = new();
        private long _bytes;
        private long _lastActiveTicks = created.UtcTicks;

        public string Epoch { get; } = epoch;

        /// <summary>Set under the lock when the sweep has forgotten the project: whoever finds it then looks again.</summary>
        public bool Reclaimed { get; set; }

        /// <summary>Gets when the project was last appended to, attached or detached.</summary>
        public DateTimeOffset LastActive => new(Volatile.Read(ref _lastActiveTicks), TimeSpan.Zero);

        public long Seq { get; set; }

        public int Count => _events.Count;

        /// <summary>Records activity; safe without the lock (a detach under the manager's lock takes none).</summary>
        public void Touch(DateTimeOffset now) => Volatile.Write(ref _lastActiveTicks, now.UtcTicks);

        public void Append(ProjectEvent projectEvent, HistoryOptions limits, DateTimeOffset now)
        {
            _events.Enqueue(projectEvent);
            _bytes += projectEvent.Message.Length;
            Trim(limits, now);
        }

        public void Trim(HistoryOptions limits, DateTimeOffset now)
        {
            while (_events.TryPeek(out var oldest)
                && (_events.Count > limits.MaxEvents || _bytes > limits.MaxBytes || now - oldest.Timestamp > limits.MaxAge))
            {
                _events.Dequeue();
                _bytes -= oldest.Message.Length;
            }
        }

        /// <summary>The events after <paramref name="since"/>, or null when they cannot all be replayed.</summary>
        public List<ProjectEvent>? TryGetSince(long? since, string? epoch)
        {
            if (since is not { } after || !string.Equals(epoch, Epoch, StringComparison.Ordinal) || after > Seq)
            {
                return null;
            }

            if (after == Seq)
            {
                return [];
            }

            // Every event after 'since' must still be here: the oldest kept one may be at most since + 1.
            if (!_events.TryPeek(out var oldest) || oldest.Seq > after + 1)
            {
                return null;
            }

            var replay = new List<ProjectEvent>((int)(Seq - after));
            foreach (var projectEvent in _events)
            {
                if (projectEvent.Seq > after)
                {
                    replay.Add(projectEvent);
                }
            }

            return replay;
        }
    }
}
