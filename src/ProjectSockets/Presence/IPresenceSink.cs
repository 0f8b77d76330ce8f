namespace ProjectSockets;

/// <summary>Receives the joins and leaves of a presence store, from every node.</summary>
internal interface IPresenceSink
{
    /// <summary>A member joined (<c>join</c>) or left (<c>leave</c>) a project's presence.</summary>
    void Announce(string type, string project, PresenceMember member);
}
