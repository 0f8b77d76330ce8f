namespace ProjectSockets;

/// <summary>Receives a node's events from the store, in <c>seq</c> order per project. The manager is the sink.</summary>
public interface IProjectEventSink
{
    /// <summary>Queues an event for this node's subscribers of its project. Never blocks.</summary>
    /// <param name="projectEvent">The event.</param>
    /// <returns>How many subscribers it was queued for.</returns>
    int Deliver(ProjectEvent projectEvent);
}
