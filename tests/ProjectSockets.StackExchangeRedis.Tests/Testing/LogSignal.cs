using Microsoft.Extensions.Logging;

namespace ProjectSockets.StackExchangeRedis.Tests.Testing;

/// <summary>A log provider that signals the first time an entry with a given event name is written.</summary>
internal sealed class LogSignal(string eventName) : ILoggerProvider
{
    private readonly TaskCompletionSource _logged = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes once an entry named <c>eventName</c> was written.</summary>
    public Task Logged => _logged.Task;

    public ILogger CreateLogger(string categoryName) => new Logger(this);

    public void Dispose()
    {
    }

    private sealed class Logger(LogSignal owner) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (eventId.Name == owner.EventName)
            {
                owner._logged.TrySetResult();
            }
        }
    }

    private string EventName => eventName;
}
