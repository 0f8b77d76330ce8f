namespace ProjectSockets;

/// <summary>
/// One published event with its place in the project's sequence, encoded once as the wire message every subscriber
/// receives and history replays.
/// </summary>
public sealed class ProjectEvent
{
    private ProjectEvent(string project, string eventName, long seq, string epoch, DateTimeOffset timestamp, byte[] message)
    {
        Project = project;
        EventName = eventName;
        Seq = seq;
        Epoch = epoch;
        Timestamp = timestamp;
        Message = message;
    }

    /// <summary>Gets the project.</summary>
    public string Project { get; }

    /// <summary>Gets the event name.</summary>
    public string EventName { get; }

    /// <summary>Gets the event's sequence number within its project.</summary>
    public long Seq { get; }

    /// <summary>Gets the project's epoch the event belongs to.</summary>
    public string Epoch { get; }

    /// <summary>Gets when the event was published.</summary>
    public DateTimeOffset Timestamp { get; }

    /// <summary>Gets the whole <c>event</c> message as UTF-8 JSON.</summary>
    public ReadOnlyMemory<byte> Message { get; }

    /// <summary>Encodes an event message once.</summary>
    /// <param name="project">A valid project id.</param>
    /// <param name="eventName">A valid event name.</param>
    /// <param name="seq">The sequence number, 1 or more.</param>
    /// <param name="epoch">The project's epoch.</param>
    /// <param name="timestamp">When the event was published.</param>
    /// <param name="data">The event's data as compact UTF-8 JSON (no raw newline).</param>
    /// <returns>The event.</returns>
    public static ProjectEvent Create(string project, string eventName, long seq, string epoch, DateTimeOffset timestamp, ReadOnlySpan<byte> data)
    {
        ArgumentNullException.ThrowIfNull(project);
        ArgumentNullException.ThrowIfNull(eventName);
        ArgumentNullException.ThrowIfNull(epoch);
        ArgumentOutOfRangeException.ThrowIfLessThan(seq, 1);
        var message = ProtocolWriter.Event(project, eventName, seq, epoch, timestamp, data);
        return new(project, eventName, seq, epoch, timestamp, message);
    }

    /// <summary>Rebuilds an event from a message that <see cref="Create"/> encoded earlier (for stores that keep the bytes).</summary>
    /// <param name="project">The project.</param>
    /// <param name="eventName">The event name.</param>
    /// <param name="seq">The sequence number.</param>
    /// <param name="epoch">The epoch.</param>
    /// <param name="timestamp">When the event was published.</param>
    /// <param name="message">The stored message bytes.</param>
    /// <returns>The event.</returns>
    public static ProjectEvent FromEncoded(string project, string eventName, long seq, string epoch, DateTimeOffset timestamp, byte[] message)
    {
        ArgumentNullException.ThrowIfNull(message);
        return new(project, eventName, seq, epoch, timestamp, message);
    }
}
