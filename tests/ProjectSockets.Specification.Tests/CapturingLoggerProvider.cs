using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace ProjectSockets.Specification.Tests;

/// <summary>Keeps the text of every log entry, at every level, exception included.</summary>
public sealed class CapturingLoggerProvider : ILoggerProvider
{
    private readonly ConcurrentQueue<string> _entries = new();
    private readonly ConcurrentQueue<string> _errors = new();

    /// <summary>Gets every entry written so far: category, event, message and exception text.</summary>
    public IReadOnlyList<string> Entries => [.. _entries];

    /// <summary>Gets the entries written at <see cref="LogLevel.Error"/> or above.</summary>
    public IReadOnlyList<string> Errors => [.. _errors];

    /// <inheritdoc />
    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    /// <inheritdoc />
    public void Dispose()
    {
    }

    private sealed class Logger(CapturingLoggerProvider owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var entry = $"{category} {eventId} {formatter(state, exception)} {state} {exception}";
            owner._entries.Enqueue(entry);
            if (logLevel >= LogLevel.Error)
            {
                owner._errors.Enqueue(entry);
            }
        }
    }
}
