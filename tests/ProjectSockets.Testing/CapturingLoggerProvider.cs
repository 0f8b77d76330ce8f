using Microsoft.Extensions.Logging;

namespace ProjectSockets.Testing;

/// <summary>
/// Keeps every log entry written through it, for assertions on what was logged, and signals when an entry arrives so
/// that tests wait for a log line instead of for time to pass.
/// </summary>
/// <param name="categoryPrefix">
/// When set, only categories that start with it are enabled and kept (<c>"ProjectSockets"</c> keeps the library's own
/// entries and leaves the host's out); when <see langword="null"/>, every category at every level is kept.
/// </param>
public sealed class CapturingLoggerProvider(string? categoryPrefix = null) : ILoggerProvider
{
    /// <summary>The default bound of <see cref="WaitForAsync"/> and <see cref="WaitForMoreThanAsync"/>.</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(20);

    private readonly Lock _gate = new();
    private readonly List<LogEntry> _entries = [];
    private readonly Dictionary<string, int> _counts = new(StringComparer.Ordinal);
    private readonly List<(Func<LogEntry, bool> Match, TaskCompletionSource Logged)> _waiters = [];

    /// <summary>Gets every entry written so far.</summary>
    public IReadOnlyList<LogEntry> Entries
    {
        get
        {
            lock (_gate)
            {
                return [.. _entries];
            }
        }
    }

    /// <summary>Gets the full text of every entry (category, event, message, structured values and exception).</summary>
    public IReadOnlyList<string> Texts => [.. Entries.Select(e => e.Text)];

    /// <summary>Gets the full text of the entries written at <see cref="LogLevel.Error"/> or above.</summary>
    public IReadOnlyList<string> Errors => [.. Entries.Where(e => e.Level >= LogLevel.Error).Select(e => e.Text)];

    /// <summary>Gets how many entries with event name <paramref name="eventName"/> were written.</summary>
    public int Count(string eventName)
    {
        lock (_gate)
        {
            return _counts.GetValueOrDefault(eventName);
        }
    }

    /// <summary>Completes once an entry named <paramref name="eventName"/> was written (before or after this call).</summary>
    public Task Logged(string eventName) => WhenLogged(e => e.EventId.Name == eventName, includeWritten: true);

    /// <summary>Waits until an entry of <paramref name="eventName"/> whose message contains <paramref name="text"/> is written.</summary>
    public async Task WaitForAsync(string eventName, string text, TimeSpan? timeout = null)
    {
        var logged = WhenLogged(e => e.EventId.Name == eventName && e.Message.Contains(text, StringComparison.Ordinal), includeWritten: true);
        await Bound(logged, timeout, $"Nothing logged {eventName} with '{text}'.");
    }

    /// <summary>Waits until more than <paramref name="count"/> entries of <paramref name="eventName"/> were written.</summary>
    public async Task WaitForMoreThanAsync(string eventName, int count, TimeSpan? timeout = null)
    {
        Task logged;
        lock (_gate)
        {
            var needed = count - _counts.GetValueOrDefault(eventName);
            logged = needed < 0 ? Task.CompletedTask : WhenLogged(e => e.EventId.Name == eventName && --needed < 0, includeWritten: false);
        }

        await Bound(logged, timeout, $"No more than {count} {eventName} were logged.");
    }

    /// <inheritdoc />
    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName, categoryPrefix is null || categoryName.StartsWith(categoryPrefix, StringComparison.Ordinal));

    /// <inheritdoc />
    public void Dispose()
    {
    }

    private static async Task Bound(Task logged, TimeSpan? timeout, string failure)
    {
        try
        {
            await logged.WaitAsync(timeout ?? DefaultTimeout);
        }
        catch (TimeoutException exception)
        {
            throw new TimeoutException(failure, exception);
        }
    }

    private Task WhenLogged(Func<LogEntry, bool> match, bool includeWritten)
    {
        lock (_gate)
        {
            if (includeWritten && _entries.Any(match))
            {
                return Task.CompletedTask;
            }

            var logged = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Add((match, logged));
            return logged.Task;
        }
    }

    private void Add(LogEntry entry)
    {
        lock (_gate)
        {
            _entries.Add(entry);
            if (entry.EventId.Name is { } name)
            {
                _counts[name] = _counts.GetValueOrDefault(name) + 1;
            }

            for (var i = _waiters.Count - 1; i >= 0; i--)
            {
                if (_waiters[i].Match(entry))
                {
                    _waiters[i].Logged.TrySetResult();
                    _waiters.RemoveAt(i);
                }
            }
        }
    }

    /// <summary>One log entry as it was written.</summary>
    /// <param name="Category">The logger's category.</param>
    /// <param name="Level">The entry's level.</param>
    /// <param name="EventId">The entry's event id and name.</param>
    /// <param name="Message">The formatted message.</param>
    /// <param name="Exception">The exception logged with it, if any.</param>
    /// <param name="Text">Everything above in one line, structured values included: a token must not hide in a property a sink would write.</param>
    public sealed record LogEntry(string Category, LogLevel Level, EventId EventId, string Message, Exception? Exception, string Text);

    private sealed class Logger(CapturingLoggerProvider owner, string category, bool enabled) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => enabled;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (!enabled)
            {
                return;
            }

            var message = formatter(state, exception);
            var values = state is IEnumerable<KeyValuePair<string, object?>> pairs ? string.Join(' ', pairs.Select(p => $"{p.Key}={p.Value}")) : string.Empty;
            var text = $"{category}[{eventId.Id}] {eventId} {message} {state} {values} {exception}";
            owner.Add(new LogEntry(category, logLevel, eventId, message, exception, text));
        }
    }
}
