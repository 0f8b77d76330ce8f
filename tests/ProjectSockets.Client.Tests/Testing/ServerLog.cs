using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace ProjectSockets.Client.Tests.Testing;

/// <summary>Keeps the server's log messages (event name and text), so tests can see what the server saw.</summary>
internal sealed class ServerLog : ILoggerProvider
{
    private readonly SemaphoreSlim _added = new(0);

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
            log._added.Release();
        }
    }
}
