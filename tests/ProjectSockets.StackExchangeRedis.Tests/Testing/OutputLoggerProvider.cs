using Microsoft.Extensions.Logging;
using Xunit.Abstractions;

namespace ProjectSockets.StackExchangeRedis.Tests.Testing;

/// <summary>Writes a node's log to the test's output, prefixed with the node's name.</summary>
internal sealed class OutputLoggerProvider(ITestOutputHelper output, string name) : ILoggerProvider
{
    public ILogger CreateLogger(string categoryName) => new OutputLogger(output, name);

    public void Dispose()
    {
    }

    private sealed class OutputLogger(ITestOutputHelper output, string name) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Information;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            try
            {
                output.WriteLine($"[{name}] {logLevel} {eventId.Name}: {formatter(state, exception)}{(exception is null ? string.Empty : " (" + exception.GetType().Name + ": " + exception.Message + ")")}");
            }
            catch (InvalidOperationException)
            {
                // The test has finished: its output is closed.
            }
        }
    }
}
