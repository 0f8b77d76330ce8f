namespace ProjectSockets;

/// <summary>
/// Where presence is kept: in memory on one node (<see cref="InMemoryProjectPresence"/>) or across nodes (the Redis
/// store's). Joining and leaving never block the caller; the store announces every join and leave, from any node, to
/// its sink, which tells this node's subscribers that asked.
/// </summary>
internal interface IPresenceStore : IProjectPresence
{
    /// <summary>Sets the sink of join and leave announcements (once).</summary>
    void RegisterSink(IPresenceSink sink);

    /// <summary>Adds a member of this node to a project's presence.</summary>
    void Join(string project, PresenceMember member);

    /// <summary>Removes a member of this node from a project's presence (nothing when it is none).</summary>
    void Leave(string project, string connectionId);
}
