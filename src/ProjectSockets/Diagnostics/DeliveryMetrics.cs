using System.Diagnostics.Metrics;

namespace ProjectSockets;

/// <summary>
/// The instruments of the publish path. The hot path adds once per broadcast (deliveries) and once per drain of a
/// send queue (messages, frames, bytes), never once per delivery, and records without tags: nothing is allocated.
/// </summary>
internal sealed class DeliveryMetrics
{
    private static readonly int[] CountBuckets = [1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024, 4096];

    private readonly Counter<long> _published;
    private readonly Counter<long> _delivered;
    private readonly UpDownCounter<long> _activeSubscriptions;
    private readonly Counter<long> _resumes;
    private readonly Counter<long> _messagesSent;
    private readonly Counter<long> _bytesSent;
    private readonly Counter<long> _framesSent;
    private readonly Histogram<int> _frameMessages;
    private readonly Histogram<int> _queueDepth;

    public DeliveryMetrics(Meter meter)
    {
        _published = meter.CreateCounter<long>("projectsockets.server.events.published", "{event}", "Events published through this node and accepted by the event store.");
        _delivered = meter.CreateCounter<long>("projectsockets.server.events.delivered", "{delivery}", "Events queued for a subscriber on this node (one per matching subscriber).");
        _activeSubscriptions = meter.CreateUpDownCounter<long>("projectsockets.server.active_subscriptions", "{subscription}", "Subscriptions of the connections open on this node.");
        _resumes = meter.CreateCounter<long>("projectsockets.server.resumes", "{resume}", "Subscriptions that asked to resume from a position, by whether every missed event was replayed.");
        _messagesSent = meter.CreateCounter<long>("projectsockets.server.messages.sent", "{message}", "Protocol messages sent to clients.");
        _bytesSent = meter.CreateCounter<long>("projectsockets.server.bytes.sent", "By", "Bytes of the WebSocket frames sent to clients.");
        _framesSent = meter.CreateCounter<long>("projectsockets.server.frames.sent", "{frame}", "WebSocket messages sent to clients; one carries one or more newline-separated protocol messages.");
        _frameMessages = meter.CreateHistogram("projectsockets.server.frame.messages", "{message}", "Protocol messages per WebSocket message sent.", tags: null, new InstrumentAdvice<int> { HistogramBucketBoundaries = CountBuckets });
        _queueDepth = meter.CreateHistogram("projectsockets.server.send_queue.depth", "{message}", "Messages waiting in a connection's send queue each time its writer takes them.", tags: null, new InstrumentAdvice<int> { HistogramBucketBoundaries = CountBuckets });
    }

    public void Published() => _published.Add(1);

    /// <summary>Counts the deliveries of one broadcast at once.</summary>
    public void Delivered(int count)
    {
        if (count > 0)
        {
            _delivered.Add(count);
        }
    }

    public void SubscriptionAdded() => _activeSubscriptions.Add(1);

    public void SubscriptionRemoved() => _activeSubscriptions.Add(-1);

    public void Resumed(bool recovered)
        => _resumes.Add(1, new KeyValuePair<string, object?>(MetricTags.ResumeOutcome, recovered ? MetricTags.Recovered : MetricTags.NotRecovered));

    /// <summary>Records how many messages a writer found waiting when it drained its queue.</summary>
    public void QueueDrained(int depth) => _queueDepth.Record(depth);

    /// <summary>Records one WebSocket message sent, carrying <paramref name="messages"/> protocol messages.</summary>
    public void FrameSent(int messages) => _frameMessages.Record(messages);

    /// <summary>Counts what one drain of a send queue sent, at once.</summary>
    public void Sent(int messages, int frames, long bytes)
    {
        _messagesSent.Add(messages);
        _framesSent.Add(frames);
        _bytesSent.Add(bytes);
    }
}
