using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace ProjectSockets.AspNetCore.Tests.Testing;

/// <summary>Keeps every message logged under the <c>ProjectSockets</c> categories, at every level.</summary>
internal sealed class LogCollector : ILoggerProvider
{
    private readonly ConcurrentQueue<string> _entries = new();

    public IReadOnlyCollection<string> Entries => _entries;

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose()
    {
    }

    private sealed class Logger(LogCollector collector, string category) : ILogger
    {
        private readonly bool _collected = category.StartsWith("ProjectSockets", StringComparison.Ordinal);

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => _collected;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (!_collected)
            {
                return;
            }

            // The structured values count too: a token must not hide in a property that a sink would write.
            var values = state is IEnumerable<KeyValuePair<string, object?>> pairs ? string.Join(' ', pairs.Select(p => $"{p.Key}={p.Value}")) : string.Empty;
            collector._entries.Enqueue($"{category}[{eventId.Id}] {formatter(state, exception)} {values} {exception}");
        }
    }
}
