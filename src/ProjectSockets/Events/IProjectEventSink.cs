namespace ProjectSockets;

/// <summary>Receives a node's events from the store, in <c>seq</c> order per project. The manager is the sink.</summary>
public interface IProjectEventSink
{
    /// <summary>Queues an event for this node's subscribers of its project. Never blocks.</summary>
    /// <param name="projectEvent">The event.</param>
    /// <returns>How many subscribers it was queued for.</returns>
    int Deliver(ProjectEvent projectEvent);

    /// <summary>Gets how many of this node's connections are subscribed to <paramref name="project"/>.</summary>
    /// <param name="project">The project.</param>
    /// <returns>The count.</returns>
    int GetSubscriberCount(string project);

    /// <summary>
    /// Closes this node's subscribers of <paramref name="project"/> with 4001 once what is already queued for them is
    /// sent: the store cannot give them the project's next events without a gap (its history was lost, or no longer
    /// holds what this node missed). They reconnect and resume with <c>since</c> and <c>epoch</c>. Never blocks.
    /// </summary>
    /// <param name="project">The project.</param>
    /// <returns>How many connections were asked to close.</returns>
    int ResetProject(string project);
}
