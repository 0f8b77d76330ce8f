using System.Threading.Channels;

namespace ProjectSockets.Client;

/// <summary>
/// One subscribed project. Dispose it to unsubscribe. With <see cref="SubscribeOptions.BufferEvents"/> it is also the
/// stream of the project's events: <c>await foreach (var evt in subscription)</c>.
/// </summary>
/// <remarks>
/// The stream is bounded (<see cref="ProjectSocketsClientOptions.EventBufferCapacity"/>). When the application reads
/// more slowly than events arrive, the client stops reading from the server until there is room: nothing is dropped.
/// A server that cannot wait closes the connection as a slow consumer (4001); the client then reconnects and resumes
/// after the last event it put in the buffer. The stream ends when the subscription is disposed; it ends with a
/// <see cref="ProjectSocketsConnectionException"/> when the client stops for good, and with a
/// <see cref="ProjectSocketsCommandException"/> when the server will not restore the subscription after a reconnect
/// (see <see cref="ProjectSocketsClient.SubscriptionFailed"/>).
/// </remarks>
public sealed class ProjectSubscription : IAsyncEnumerable<ProjectSocketsEvent>, IAsyncDisposable
{
    private readonly ProjectSocketsClient _client;
    private readonly Channel<ProjectSocketsEvent>? _buffer;
    private int _disposed;

    internal ProjectSubscription(ProjectSocketsClient client, string project, IReadOnlyList<string>? events, int capacity)
    {
        _client = client;
        Project = project;
        Events = events;
        if (capacity > 0)
        {
            _buffer = Channel.CreateBounded<ProjectSocketsEvent>(new BoundedChannelOptions(capacity)
            {
                FullMode = BoundedChannelFullMode.Wait,
                SingleWriter = true,
                SingleReader = false,
            });
        }
    }

    /// <summary>Gets the project.</summary>
    public string Project { get; }

    /// <summary>Gets the filter patterns, or <see langword="null"/> for every event.</summary>
    public IReadOnlyList<string>? Events { get; }

    /// <summary>Gets whether the subscription buffers its events for reading as a stream.</summary>
    public bool IsBuffered => _buffer is not null;

    /// <summary>Reads the subscription's events in order, waiting for new ones, until it is disposed.</summary>
    /// <param name="cancellationToken">Stops reading (the subscription stays).</param>
    /// <returns>The events.</returns>
    /// <exception cref="InvalidOperationException">The subscription was made without <see cref="SubscribeOptions.BufferEvents"/>.</exception>
    public IAsyncEnumerable<ProjectSocketsEvent> ReadAllAsync(CancellationToken cancellationToken = default)
        => (_buffer ?? throw new InvalidOperationException(
            $"The subscription to '{Project}' does not buffer its events: subscribe with SubscribeOptions.BufferEvents = true, or use the client's On handlers.")).Reader.ReadAllAsync(cancellationToken);

    /// <summary>Reads the subscription's events in order; see <see cref="ReadAllAsync"/>.</summary>
    /// <param name="cancellationToken">Stops reading (the subscription stays).</param>
    /// <returns>An enumerator.</returns>
    public IAsyncEnumerator<ProjectSocketsEvent> GetAsyncEnumerator(CancellationToken cancellationToken = default)
        => ReadAllAsync(cancellationToken).GetAsyncEnumerator(cancellationToken);

    /// <summary>Unsubscribes: the client forgets the project at once and tells the server when connected.</summary>
    /// <returns>A task that completes when the server has answered, or at once when not connected.</returns>
    public ValueTask DisposeAsync()
        => Interlocked.Exchange(ref _disposed, 1) == 0 ? _client.UnsubscribeAsync(this) : ValueTask.CompletedTask;

    /// <summary>Waits for room in the buffer, then adds the event; an ended buffer takes nothing.</summary>
    internal async ValueTask WriteAsync(ProjectSocketsEvent evt, CancellationToken cancellationToken)
    {
        if (_buffer is null)
        {
            return;
        }

        try
        {
            await _buffer.Writer.WriteAsync(evt, cancellationToken).ConfigureAwait(false);
        }
        catch (ChannelClosedException)
        {
            // Disposed while waiting for room: nobody wants the event any more.
        }
    }

    /// <summary>Ends the stream, with an error when the client stopped for good.</summary>
    internal void Complete(Exception? error) => _buffer?.Writer.TryComplete(error);
}
