namespace ProjectSockets;

/// <summary>
/// Who is subscribed to a project that keeps presence (see <see cref="PresenceOptions"/>): for the host's own use,
/// with no authorization. Clients ask with the <c>presence</c> built-in instead.
/// </summary>
public interface IProjectPresence
{
    /// <summary>Returns whether <paramref name="project"/> keeps presence.</summary>
    /// <param name="project">The project id.</param>
    /// <returns><see langword="true"/> when it does.</returns>
    bool IsEnabled(string project);

    /// <summary>Gets the members of a project's presence.</summary>
    /// <param name="project">The project id.</param>
    /// <param name="cancellationToken">Cancels the query.</param>
    /// <returns>A snapshot, in no particular order; empty when the project keeps no presence.</returns>
    ValueTask<IReadOnlyList<PresenceMember>> GetMembersAsync(string project, CancellationToken cancellationToken = default);

    /// <summary>Gets how many members a project's presence has, without listing them.</summary>
    /// <param name="project">The project id.</param>
    /// <param name="cancellationToken">Cancels the query.</param>
    /// <returns>The count; 0 when the project keeps no presence.</returns>
    ValueTask<long> GetCountAsync(string project, CancellationToken cancellationToken = default);
}
