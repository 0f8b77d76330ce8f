using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace ProjectSockets;

/// <summary>
/// The store's sink on this node: the subscriber set of every project followed here. Attaches a connection to a
/// project through the store (with its replay), delivers each event to the matching subscribers, detaches the last
/// one, and closes every subscriber of a project the store had to reset.
/// </summary>
internal sealed class ProjectFanout : IProjectEventSink
{
    private readonly ConcurrentDictionary<string, ProjectSubscribers> _projects = new(StringComparer.Ordinal);
    private readonly IProjectEventStore _store;
    private readonly SendQueueWaker _waker;
    private readonly ILogger _logger;
    private readonly ConnectionEvents _events;

    public ProjectFanout(IProjectEventStore store, SendQueueWaker waker, ConnectionEvents events, ILogger logger)
    {
        _store = store;
        _events = events;
        _waker = waker;
        _logger = logger;
        _store.RegisterSink(this);
    }

    /// <summary>Gets the store this fan-out is the sink of.</summary>
    public IProjectEventStore Store => _store;

    /// <summary>Gets how many projects have a subscriber set on this node (for tests: the last to leave removes it).</summary>
    public int ProjectCount => _projects.Count;

    public IReadOnlyList<string> GetConnections(string project)
        => _projects.TryGetValue(project, out var set) ? [.. set.Items.Select(s => s.Connection.Id)] : [];

    /// <summary>Gets the project's subscribers on this node (a snapshot; empty when none).</summary>
    public Subscriber[] GetSubscribers(string project) => _projects.TryGetValue(project, out var set) ? set.Items : [];

    public int GetSubscriberCount(string project) => _projects.TryGetValue(project, out var set) ? set.Items.Length : 0;

    /// <summary>Queues a store event for every local subscriber whose filter matches. Never blocks, takes no lock.</summary>
    public int Deliver(ProjectEvent projectEvent)
    {
        ArgumentNullException.ThrowIfNull(projectEvent);
        if (!_projects.TryGetValue(projectEvent.Project, out var set))
        {
            return 0;
        }

        var delivered = 0;

        // The subscribers' writers are woken together once every one has the event (see SendQueueWaker); a caller's
        // batch (the publisher's) defers them until the store has released its lock.
        using var wakeUps = _waker.BeginBatch();
        foreach (var subscriber in set.Items)
        {
            if (subscriber.Filter.Matches(projectEvent.EventName) && subscriber.Connection.TryEnqueue(projectEvent.Message))
            {
                delivered++;
            }
        }

        return delivered;
    }

    /// <summary>Closes every local subscriber of the project with 4001 so it resumes; what is queued is sent first.</summary>
    public int ResetProject(string project)
    {
        ArgumentNullException.ThrowIfNull(project);
        if (!_projects.TryGetValue(project, out var set))
        {
            return 0;
        }

        var closed = 0;
        foreach (var subscriber in set.Items)
        {
            if (subscriber.Connection.RequestClose(ProtocolCloseCodes.SlowConsumer, "missed events", sendDisconnected: true, discardPending: false))
            {
                closed++;
            }
        }

        ProjectSocketsLog.ProjectReset(_logger, project, closed);
        return closed;
    }

    /// <summary>
    /// Subscribes a connection at a point where no event of the project is being delivered here: what
    /// <paramref name="first"/> builds is queued, then the replay, and every newer event comes after.
    /// </summary>
    public ValueTask<SubscriptionPosition> AttachAsync(ConnectionState state, string project, EventFilter filter, long? since, string? epoch, Func<SubscriptionPosition, byte[]?> first, bool presence = false)
        => _store.AttachAsync(project, since, epoch, attachment =>
        {
            AddSubscriber(state, project, filter, presence);
            if (first(attachment.Position) is { } message)
            {
                state.TryEnqueue(message);
            }

            foreach (var missed in attachment.Replay)
            {
                // Replayed events are not counted against the queue bound: the client asked for them.
                if (filter.Matches(missed.EventName))
                {
                    state.TryEnqueue(missed.Message, counted: false);
                }
            }

            return attachment.Position;
        }, state.Lifetime.Token);

    private void AddSubscriber(ConnectionState state, string project, EventFilter filter, bool presence)
    {
        if (state.Lifetime.IsCancellationRequested)
        {
            // A subscribe that the store finished after the connection ended (its receive loop may have been
            // abandoned) must not put it back in a set: its cleanup may already have run.
            return;
        }

        var subscriber = new Subscriber(state, filter, presence);
        while (true)
        {
            var set = _projects.GetOrAdd(project, static _ => new ProjectSubscribers());
            bool added;
            lock (set)
            {
                if (set.Removed)
                {
                    continue;
                }

                added = set.Set(subscriber);
                state.Subscriptions.Set(project, filter);
            }

            if (added)
            {
                // Outside the lock: the notices only queue messages, and the hooks run on their own loop.
                _events.Subscribed(state, project);
            }

            return;
        }
    }

    public void RemoveSubscriber(ConnectionState state, string project)
    {
        state.Subscriptions.Remove(project);
        if (!_projects.TryGetValue(project, out var set))
        {
            return;
        }

        bool removed;
        lock (set)
        {
            removed = set.Remove(state);
            if (removed && set.Items.Length == 0)
            {
                set.Removed = true;
                _projects.TryRemove(new KeyValuePair<string, ProjectSubscribers>(project, set));
                _store.Detach(project);
            }
        }

        if (removed)
        {
            _events.Unsubscribed(state, project);
        }
    }
}
