using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace ProjectSockets.StackExchangeRedis.Tests.Testing;

/// <summary>A log provider that signals the first time an entry with a given event name is written.</summary>
internal sealed class LogSignal : ILoggerProvider
{
    private readonly ConcurrentDictionary<string, TaskCompletionSource> _logged = new(StringComparer.Ordinal);

    /// <summary>Completes once an entry named <paramref name="eventName"/> was written (before or after this call).</summary>
    public Task Logged(string eventName) => Signal(eventName).Task;

    public ILogger CreateLogger(string categoryName) => new Logger(this);

    public void Dispose()
    {
    }

    private TaskCompletionSource Signal(string eventName)
        => _logged.GetOrAdd(eventName, static _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));

    private sealed class Logger(LogSignal owner) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (eventId.Name is { } name)
            {
                owner.Signal(name).TrySetResult();
            }
        }
    }
}
