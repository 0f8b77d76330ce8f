using System.Threading.Channels;
using Microsoft.Extensions.Time.Testing;

namespace ProjectSockets.Client.Tests.Testing;

/// <summary>
/// A <see cref="FakeTimeProvider"/> that reports each one-shot timer it creates (a delay or a timeout), so a test
/// advances time only once the code under test is waiting, and can check how long it waits.
/// </summary>
internal sealed class ObservableTimeProvider : FakeTimeProvider
{
    private readonly Channel<TimeSpan> _oneShots = Channel.CreateUnbounded<TimeSpan>();

    public ObservableTimeProvider()
        : base(new DateTimeOffset(2026, 11, 27, 10, 0, 0, TimeSpan.Zero))
    {
    }

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = base.CreateTimer(callback, state, dueTime, period);
        if (period == global::System.Threading.Timeout.InfiniteTimeSpan && dueTime != global::System.Threading.Timeout.InfiniteTimeSpan)
        {
            _oneShots.Writer.TryWrite(dueTime);
        }

        return timer;
    }

    /// <summary>Waits for a one-shot timer of exactly <paramref name="dueTime"/> to be created.</summary>
    public async Task WaitForTimerAsync(TimeSpan dueTime)
    {
        while (await _oneShots.Reader.ReadAsync().AsTask().WaitAsync(ScriptedServer.Timeout) != dueTime)
        {
        }
    }
}
