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
    private readonly ConcurrentDictionary<string, InMemoryProjectLog> _projects = new(StringComparer.Ordinal);
    private readonly ProjectSocketsOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly ITimer _sweep;
    private readonly ILogger _logger;
    private IProjectEventSink? _sink;

    public InMemoryProjectEventStore(IOptions<ProjectSocketsOptions> options, TimeProvider timeProvider, ILogger<InMemoryProjectEventStore>? logger = null)
    {
        _options = options.Value;
        _timeProvider = timeProvider;
        _logger = logger ?? (ILogger)NullLogger.Instance;

        // Appends and attaches trim as they go; the sweep frees what idle projects still hold past MaxAge, and forgets
        // the projects left with nothing.
        var period = s_maxSweepPeriod;
        foreach (var age in _options.Namespaces.Select(n => n.HistoryMaxAge ?? _options.History.MaxAge).Append(_options.History.MaxAge))
        {
            period = age < period ? age : period;
        }

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
        => AppendAsync(project, eventName, data, idempotencyKey: null, cancellationToken);

    public ValueTask<PublishResult> AppendAsync(string project, string eventName, ReadOnlyMemory<byte> data, string? idempotencyKey, CancellationToken cancellationToken = default)
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

                return Append(log, project, eventName, data, idempotencyKey);
            }
        }
    }

    public ValueTask<TResult> AttachAsync<TResult>(string project, long? since, string? epoch, Func<ProjectAttachment, TResult> attach, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(attach);
        cancellationToken.ThrowIfCancellationRequested();
        return ValueTask.FromResult(UnderFreshLog(project, log =>
        {
            var replay = log.TryGetSince(since, epoch);
            var position = new SubscriptionPosition(project, log.Seq, log.Epoch, replay is not null);
            return attach(new ProjectAttachment(position, replay ?? []));
        }));
    }

    public ValueTask<HistoryPage> ReadHistoryAsync(string project, HistoryQuery query, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return ValueTask.FromResult(UnderFreshLog(project, log =>
        {
            var (from, complete) = HistoryRange.Plan(log.Seq, log.Epoch, log.OldestKept, query);
            return new HistoryPage(project, log.Seq, log.Epoch, complete, log.Read(from, query.Limit));
        }));
    }

    /// <summary>
    /// Runs <paramref name="read"/> under the lock of the project's live log (not one being reclaimed), trimmed of
    /// what has aged out and touched now, so that no append comes between what it reads and what it returns.
    /// </summary>
    private T UnderFreshLog<T>(string project, Func<InMemoryProjectLog, T> read)
    {
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
                log.Trim(now);
                log.Touch(now);
                return read(log);
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
    private ValueTask<PublishResult> Append(InMemoryProjectLog log, string project, string eventName, ReadOnlyMemory<byte> data, string? idempotencyKey)
    {
        var now = _timeProvider.GetUtcNow();
        if (idempotencyKey is not null && log.Keys.TryGet(idempotencyKey, now, out var first))
        {
            log.Touch(now);
            return ValueTask.FromResult(new PublishResult(project, first.Seq, first.Epoch, 0) { Duplicate = true });
        }

        var projectEvent = ProjectEvent.Create(project, eventName, log.Seq + 1, log.Epoch, now, data.Span);
        log.Seq = projectEvent.Seq;
        log.Append(projectEvent, now);
        log.Touch(now);
        if (idempotencyKey is not null)
        {
            log.Keys.Add(idempotencyKey, projectEvent.Seq, log.Epoch, now + log.Settings.IdempotencyWindow, _options.Idempotency.MaxKeysPerProject);
        }


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
                log.Trim(now);
                log.Keys.Prune(now);

                // Subscribers are added under this lock (in attach), so none can appear while it is held.
                if (log.Count == 0 && log.Keys.Count == 0 && now - log.LastActive >= log.Settings.HistoryMaxAge && (_sink?.GetSubscriberCount(project) ?? 0) == 0)
                {
                    log.Reclaimed = true;
                    _projects.TryRemove(new KeyValuePair<string, InMemoryProjectLog>(project, log));
                    reclaimed++;
                }
            }
        }

        if (reclaimed > 0)
        {
            ProjectSocketsLog.ProjectsReclaimed(_logger, reclaimed);
        }
    }

    private InMemoryProjectLog GetLog(string project)
        => _projects.GetOrAdd(project, static (name, store) => new InMemoryProjectLog(NewEpoch(), store._timeProvider.GetUtcNow(), store._options.GetProjectSettings(name)), this);

    private static string NewEpoch()
    {
        Span<byte> bytes = stackalloc byte[12];
        RandomNumberGenerator.Fill(bytes);
        return Base64Url.EncodeToString(bytes);
    }
}
