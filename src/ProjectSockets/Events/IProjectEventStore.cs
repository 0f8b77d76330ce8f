namespace ProjectSockets;

/// <summary>
/// The scale-out seam: sequence numbers, history and delivery to every node pass through it. The default keeps
/// everything in memory on one node; a backplane package replaces exactly this service.
/// </summary>
public interface IProjectEventStore
{
    /// <summary>Registers this node's sink. Called once by the manager.</summary>
    /// <param name="sink">The sink that receives this node's events.</param>
    void RegisterSink(IProjectEventSink sink);

    /// <summary>
    /// Appends an event: assigns the project's next seq, stores the encoded event in history and delivers it to the
    /// sinks of every node, in seq order per project.
    /// </summary>
    /// <param name="project">A valid project id.</param>
    /// <param name="eventName">A valid event name.</param>
    /// <param name="data">The event's data as compact UTF-8 JSON.</param>
    /// <param name="cancellationToken">Cancels the append before it is stored.</param>
    /// <returns>The assigned seq and how many local subscribers it was queued for.</returns>
    ValueTask<PublishResult> AppendAsync(string project, string eventName, ReadOnlyMemory<byte> data, CancellationToken cancellationToken = default);

    /// <summary>
    /// Appends an event as <see cref="AppendAsync(string, string, ReadOnlyMemory{byte}, CancellationToken)"/> does,
    /// unless <paramref name="idempotencyKey"/> was already used for <paramref name="project"/> within the project's
    /// idempotency window (<see cref="ProjectSocketsOptions.GetProjectSettings"/>): then nothing is stored or delivered
    /// and the first append's result is returned with <see cref="PublishResult.Duplicate"/> set. Concurrent appends
    /// with one key append once. A store that cannot deduplicate throws <see cref="NotSupportedException"/> for a key.
    /// </summary>
    /// <param name="project">A valid project id.</param>
    /// <param name="eventName">A valid event name.</param>
    /// <param name="data">The event's data as compact UTF-8 JSON.</param>
    /// <param name="idempotencyKey">The publish id, or <see langword="null"/>.</param>
    /// <param name="cancellationToken">Cancels the append before it is stored.</param>
    /// <returns>The assigned seq, or the first append's.</returns>
    ValueTask<PublishResult> AppendAsync(string project, string eventName, ReadOnlyMemory<byte> data, string? idempotencyKey, CancellationToken cancellationToken = default)
        => idempotencyKey is null
            ? AppendAsync(project, eventName, data, cancellationToken)
            : throw new NotSupportedException($"{GetType().Name} does not support idempotency keys.");

    /// <summary>
    /// Reads part of a project's history (see <see cref="HistoryQuery"/> and <see cref="HistoryPage.Complete"/>).
    /// The query has been validated. A store that keeps no history throws <see cref="NotSupportedException"/>.
    /// </summary>
    /// <param name="project">A valid project id.</param>
    /// <param name="query">A valid query.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The page.</returns>
    ValueTask<HistoryPage> ReadHistoryAsync(string project, HistoryQuery query, CancellationToken cancellationToken = default)
        => throw new NotSupportedException($"{GetType().Name} does not support history reads.");

    /// <summary>
    /// Runs <paramref name="attach"/> at a point where no delivery of <paramref name="project"/> to this node is in
    /// progress, with the project's position and, when <paramref name="since"/> and <paramref name="epoch"/> allow a
    /// resume, the missed events. Whatever <paramref name="attach"/> queues therefore precedes every newer event.
    /// </summary>
    /// <typeparam name="TResult">What <paramref name="attach"/> returns.</typeparam>
    /// <param name="project">The project.</param>
    /// <param name="since">The last seq the subscriber saw, when it resumes.</param>
    /// <param name="epoch">The epoch that seq belongs to, when it resumes.</param>
    /// <param name="attach">Registers the subscriber and queues what it must see first. Must not block.</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <returns>What <paramref name="attach"/> returned.</returns>
    ValueTask<TResult> AttachAsync<TResult>(string project, long? since, string? epoch, Func<ProjectAttachment, TResult> attach, CancellationToken cancellationToken = default);

    /// <summary>Tells the store that this node has no subscriber of <paramref name="project"/> any more.</summary>
    /// <param name="project">The project.</param>
    void Detach(string project);
}
