using System.Buffers.Text;
using System.Collections.Concurrent;
using System.Security.Cryptography;
using Microsoft.Extensions.Options;

namespace ProjectSockets;

/// <summary>
/// The default, single-node event store: per-project seq and epoch, and a history bounded by count, bytes and age.
/// A new process starts every project in a new epoch.
/// </summary>
internal sealed class InMemoryProjectEventStore : IProjectEventStore, IDisposable
{
    private static readonly TimeSpan s_maxSweepPeriod = TimeSpan.FromMinutes(1);
    private readonly ConcurrentDictionary<string, ProjectLog> _projects = new(StringComparer.Ordinal);
    private readonly HistoryOptions _history;
    private readonly TimeProvider _timeProvider;
    private readonly ITimer _sweep;
    private IProjectEventSink? _sink;

    public InMemoryProjectEventStore(IOptions<ProjectSocketsOptions> options, TimeProvider timeProvider)
    {
        _history = options.Value.History;
        _timeProvider = timeProvider;

        // Appends and attaches trim as they go; the sweep frees what idle projects still hold past MaxAge.
        var period = _history.MaxAge < s_maxSweepPeriod ? _history.MaxAge : s_maxSweepPeriod;
        _sweep = timeProvider.CreateTimer(static state => ((InMemoryProjectEventStore)state!).TrimAll(), this, period, period);
    }

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
        var log = GetLog(project);
        lock (log)
        {
            var now = _timeProvider.GetUtcNow();
            var projectEvent = ProjectEvent.Create(project, eventName, log.Seq + 1, log.Epoch, now, data.Span);
            log.Seq = projectEvent.Seq;
            log.Append(projectEvent, _history, now);

            // Delivered under the project's lock: concurrent publishers cannot reorder a project's events.
            var delivered = _sink?.Deliver(projectEvent) ?? 0;
            return ValueTask.FromResult(new PublishResult(project, projectEvent.Seq, log.Epoch, delivered));
        }
    }

    public ValueTask<TResult> AttachAsync<TResult>(string project, long? since, string? epoch, Func<ProjectAttachment, TResult> attach, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(attach);
        cancellationToken.ThrowIfCancellationRequested();
        var log = GetLog(project);
        lock (log)
        {
            log.Trim(_history, _timeProvider.GetUtcNow());
            var replay = log.TryGetSince(since, epoch);
            var position = new SubscriptionPosition(project, log.Seq, log.Epoch, replay is not null);
            return ValueTask.FromResult(attach(new ProjectAttachment(position, replay ?? [])));
        }
    }

    public void Detach(string project)
    {
        // History outlives subscribers: a client that comes back later can still resume.
    }

    public void Dispose() => _sweep.Dispose();

    internal int HistoryCount(string project) => _projects.TryGetValue(project, out var log) ? log.Count : 0;

    private void TrimAll()
    {
        var now = _timeProvider.GetUtcNow();
        foreach (var log in _projects.Values)
        {
            lock (log)
            {
                log.Trim(_history, now);
            }
        }
    }

    private ProjectLog GetLog(string project) => _projects.GetOrAdd(project, static _ => new ProjectLog(NewEpoch()));

    private static string NewEpoch()
    {
        Span<byte> bytes = stackalloc byte[12];
        RandomNumberGenerator.Fill(bytes);
        return Base64Url.EncodeToString(bytes);
    }

    private sealed class ProjectLog(string epoch)
    {
        private readonly Queue<ProjectEvent> _events = new();
        private long _bytes;

        public string Epoch { get; } = epoch;

        public long Seq { get; set; }

        public int Count => _events.Count;

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
