using StackExchange.Redis;

namespace ProjectSockets.StackExchangeRedis;

internal sealed partial class ProjectFeed
{
    /// <summary>
    /// Subscribes to the channel first, then reads position and replay, then, with this node's delivery of the
    /// project paused, brings the cursor to that position and runs the manager's callback: its result and replay
    /// are queued before any newer event, and no event at or before the position reaches the subscriber again.
    /// </summary>
    private async Task AttachAsync(AttachRequest request)
    {
        if (request.IsEnded)
        {
            await UnsubscribeIfUnusedAsync().ConfigureAwait(false);
            return;
        }

        HistoryRead read;
        List<ProjectEvent> events;
        var started = _store.TimeProvider.GetTimestamp();
        var waitsForListening = 0;
        for (var attempt = 1; ; attempt++)
        {
            var waitForListening = false;
            try
            {
                await EnsureSubscribedAsync().ConfigureAwait(false);
                (read, events) = await ReadPausedAsync(request.Resume).ConfigureAwait(false);
                break;
            }
            catch (RedisTimeoutException exception) when (!request.IsEnded && Remaining(started) > TimeSpan.Zero)
            {
                // Redis is reachable but slow to answer: a subscription waits for it (up to the command timeout)
                // instead of failing at StackExchange.Redis's timeout while the answer is still on its way.
                RedisProjectEventStoreLog.AttachSlow(_store.Logger, Project, attempt, exception);
            }
            catch (RedisConnectionException exception) when (!request.IsEnded && Remaining(started) > TimeSpan.Zero
                && waitsForListening < MaxWaitsForListening && _store.IsConnected)
            {
                // Redis answers, but the connection that listens to channels is not up (yet): it comes up a moment
                // after the first one when a node starts, or after it alone dropped. Waited for, not failed.
                RedisProjectEventStoreLog.AttachWaitsForListening(_store.Logger, Project, exception);
                waitForListening = true;
                waitsForListening++;
            }
            catch (Exception exception)
            {
                // Redis is unreachable, or has been slow for too long: the caller learns it; nothing was registered.
                request.Fail(exception);
                await UnsubscribeIfUnusedAsync().ConfigureAwait(false);
                return;
            }

            if (waitForListening)
            {
                await _store.WaitListeningAsync(_store.History.Keys.Channel(Project), Remaining(started)).ConfigureAwait(false);
            }

            if (request.IsEnded)
            {
                // The subscriber left while Redis was slow.
                await UnsubscribeIfUnusedAsync().ConfigureAwait(false);
                return;
            }
        }

        var completed = false;
        lock (_sync)
        {
            Advance(read, events);
            _paused = false;
            completed = request.TryComplete(new ProjectAttachment(Position(request, read, events, out var replay), replay));
        }

        if (!completed)
        {
            // Cancelled while Redis was read: nothing was registered.
            await UnsubscribeIfUnusedAsync().ConfigureAwait(false);
        }
    }

    /// <summary>What is left of the time a subscription may wait for Redis.</summary>
    private TimeSpan Remaining(long started) => _store.AttachTimeout - _store.TimeProvider.GetElapsedTime(started);

    /// <summary>The subscriber's position at the cursor, with its replay when every event after <c>since</c> is in history.</summary>
    private SubscriptionPosition Position(AttachRequest request, HistoryRead read, List<ProjectEvent> events, out IReadOnlyList<ProjectEvent> replay)
    {
        replay = [];
        if (request.Resume is not { } resume
            || !string.Equals(resume.Epoch, _epoch, StringComparison.Ordinal)
            || resume.Seq > _cursor
            || !read.Covers(resume.Seq))
        {
            return new SubscriptionPosition(Project, _cursor, _epoch, Recovered: false);
        }

        var missed = events.FindAll(e => e.Seq > resume.Seq);
        if (missed.Count != _cursor - resume.Seq)
        {
            return new SubscriptionPosition(Project, _cursor, _epoch, Recovered: false);
        }

        replay = missed;
        return new SubscriptionPosition(Project, _cursor, _epoch, Recovered: true);
    }

    private async Task EnsureSubscribedAsync()
    {
        if (_subscription is not null)
        {
            return;
        }

        var subscriber = await _store.GetSubscriberAsync().ConfigureAwait(false);
        var channel = _store.History.Keys.Channel(Project);
        ChannelMessageQueue queue;
        try
        {
            queue = await subscriber.SubscribeAsync(channel).ConfigureAwait(false);
        }
        catch
        {
            // StackExchange.Redis registered the queue before SUBSCRIBE failed (often a timeout, with the
            // subscription taking effect later): left alone, that orphan queue would keep every message of the
            // channel forever. The channel is this feed's alone on this connection (one feed per project and
            // prefix), so every registration of it is dropped at once; the UNSUBSCRIBE is not waited for.
            try
            {
                await subscriber.UnsubscribeAsync(channel, handler: null, CommandFlags.FireAndForget).ConfigureAwait(false);
            }
            catch (Exception cleanup) when (cleanup is RedisException or TimeoutException or ObjectDisposedException)
            {
                RedisProjectEventStoreLog.UnsubscribeFailed(_store.Logger, Project, cleanup);
            }

            throw;
        }

        // Handled in order, one at a time, through this feed's queue.
        queue.OnMessage(message => Post(new FeedWork(FeedWorkKind.Message, queue, message.Message)));
        lock (_sync)
        {
            _subscription = queue;
        }
    }

    /// <summary>Stops listening when the manager has no subscriber of the project left (checked here, in order with attaches).</summary>
    private async Task UnsubscribeIfUnusedAsync()
    {
        if (_subscription is not null && _store.Sink.GetSubscriberCount(Project) == 0)
        {
            await UnsubscribeAsync().ConfigureAwait(false);
        }
    }

    private async Task UnsubscribeAsync()
    {
        ChannelMessageQueue queue;
        lock (_sync)
        {
            queue = _subscription!;
            _subscription = null;
            _initialized = false;
        }

        try
        {
            await queue.UnsubscribeAsync().ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is RedisException or TimeoutException or ObjectDisposedException)
        {
            RedisProjectEventStoreLog.UnsubscribeFailed(_store.Logger, Project, exception);
        }
    }
}
