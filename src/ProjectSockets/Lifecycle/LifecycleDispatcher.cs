using System.Threading.Channels;
using Microsoft.Extensions.Logging;

namespace ProjectSockets;

/// <summary>
/// Runs the host's lifecycle hooks off the receive loops and the publish path: events go into one bounded channel
/// per manager and one loop runs the hooks, one event at a time, in the order the events happened (so in order per
/// connection). Raising never waits: when <see cref="Capacity"/> events are waiting, the event is dropped and logged.
/// A hook that throws is logged and the next one runs; nothing is closed.
/// </summary>
internal sealed class LifecycleDispatcher : IDisposable
{
    /// <summary>How many events may wait for the hooks before new ones are dropped.</summary>
    public const int Capacity = 10_000;

    private readonly Func<ConnectionLifecycleEvent, CancellationToken, ValueTask>[][] _byKind;
    private readonly Channel<ConnectionLifecycleEvent> _channel;
    private readonly CancellationTokenSource _stopping = new();
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;

    public LifecycleDispatcher(ConnectionLifecycleHooks hooks, TimeProvider timeProvider, ILogger logger)
    {
        _byKind = [.. Enum.GetValues<ConnectionLifecycleEventKind>().Select(kind => hooks.Handlers.Where(h => h.Kind == kind).Select(h => h.Handler).ToArray())];
        _timeProvider = timeProvider;
        _logger = logger;
        _channel = Channel.CreateBounded<ConnectionLifecycleEvent>(new BoundedChannelOptions(Capacity) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });
        Completion = _byKind.Any(h => h.Length > 0) ? Task.Run(RunAsync) : Task.CompletedTask;
    }

    /// <summary>Completes when the loop has stopped (after <see cref="Dispose"/>, once the waiting events ran).</summary>
    public Task Completion { get; }

    public DateTimeOffset Now => _timeProvider.GetUtcNow();

    /// <summary>Whether any hook wants events of this kind (nothing is allocated otherwise).</summary>
    public bool Wants(ConnectionLifecycleEventKind kind) => _byKind[(int)kind].Length > 0;

    public void Raise(ConnectionLifecycleEvent lifecycleEvent)
    {
        if (Wants(lifecycleEvent.Kind) && !_channel.Writer.TryWrite(lifecycleEvent))
        {
            ProjectSocketsLog.LifecycleEventDropped(_logger, lifecycleEvent.Kind, lifecycleEvent.ConnectionId);
        }
    }

    public void Dispose()
    {
        _channel.Writer.TryComplete();
        _stopping.Cancel();
    }

    private async Task RunAsync()
    {
        await foreach (var lifecycleEvent in _channel.Reader.ReadAllAsync().ConfigureAwait(false))
        {
            foreach (var handler in _byKind[(int)lifecycleEvent.Kind])
            {
                try
                {
                    await handler(lifecycleEvent, _stopping.Token).ConfigureAwait(false);
                }
                catch (Exception exception)
                {
                    ProjectSocketsLog.LifecycleHookFailed(_logger, lifecycleEvent.Kind, lifecycleEvent.ConnectionId, exception);
                }
            }
        }
    }
}
