using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace ProjectSockets.Client.Tests.Testing;

/// <summary>Keeps the server's log messages (event name and text), so tests can see what the server saw.</summary>
internal sealed class ServerLog : ILoggerProvider
{
    private readonly SemaphoreSlim _added = new(0);
    private readonly ConcurrentDictionary<string, int> _counts = new(StringComparer.Ordinal);

    public ConcurrentQueue<(string? EventName, string Message)> Entries { get; } = new();

    /// <summary>Waits until an entry of <paramref name="eventName"/> whose message contains <paramref name="text"/> is logged.</summary>
    public async Task WaitForAsync(string eventName, string text)
    {
        while (!Entries.Any(e => e.EventName == eventName && e.Message.Contains(text, StringComparison.Ordinal)))
        {
            if (!await _added.WaitAsync(ClientProbe.Timeout))
            {
                throw new TimeoutException($"The server never logged {eventName} with '{text}'.");
            }
        }
    }

    /// <summary>Waits until more than <paramref name="count"/> entries of <paramref name="eventName"/> were logged.</summary>
    public async Task WaitForMoreThanAsync(string eventName, int count)
    {
        while (Count(eventName) <= count)
        {
            if (!await _added.WaitAsync(ClientProbe.Timeout))
            {
                throw new TimeoutException($"The server logged no more than {count} {eventName}.");
            }
        }
    }

    /// <summary>Gets how many entries of <paramref name="eventName"/> were logged.</summary>
    public int Count(string eventName) => _counts.TryGetValue(eventName, out var count) ? count : 0;

    public ILogger CreateLogger(string categoryName) => new Logger(this);

    public void Dispose()
    {
    }

    private sealed class Logger(ServerLog log) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            log.Entries.Enqueue((eventId.Name, formatter(state, exception)));
            if (eventId.Name is { } name)
            {
                log._counts.AddOrUpdate(name, 1, static (_, count) => count + 1);
            }

            log._added.Release();
        }
    }
}
