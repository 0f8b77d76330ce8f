namespace ProjectSockets;

/// <summary>
/// Which projects keep presence: who is subscribed, queryable with the <c>presence</c> built-in and
/// <see cref="IProjectPresence"/>, and announced with <c>join</c> / <c>leave</c> to subscribers that ask for them.
/// </summary>
public sealed class PresenceOptions
{
    /// <summary>Gets or sets whether presence is kept at all.</summary>
    /// <value>Default is <see langword="false"/>: no project keeps presence.</value>
    public bool Enabled { get; set; }

    /// <summary>
    /// Gets the projects that keep presence when <see cref="Enabled"/> is set: exact project ids, or a prefix followed
    /// by <c>*</c> (<c>team-*</c>). Empty means every project.
    /// </summary>
    /// <value>Default is empty (every project). Each entry is a non-empty project id, with at most one <c>*</c>, at its end.</value>
    public IList<string> Projects { get; } = [];

    /// <summary>
    /// Gets or sets the most members one <c>presence</c> answer lists; its <c>count</c> is always the whole number,
    /// and <c>truncated</c> says when members were left out.
    /// </summary>
    /// <value>Default is 100. Must be between 1 and 10000.</value>
    public int MaxMembersInReply { get; set; } = 100;

    /// <summary>Returns whether <paramref name="project"/> keeps presence under these settings.</summary>
    /// <param name="project">The project id.</param>
    /// <returns><see langword="true"/> when it does.</returns>
    public bool IsEnabledFor(string project)
    {
        ArgumentNullException.ThrowIfNull(project);
        if (!Enabled)
        {
            return false;
        }

        if (Projects.Count == 0)
        {
            return true;
        }

        foreach (var pattern in Projects)
        {
            var matches = pattern.EndsWith('*')
                ? project.StartsWith(pattern.AsSpan(0, pattern.Length - 1), StringComparison.Ordinal)
                : string.Equals(pattern, project, StringComparison.Ordinal);
            if (matches)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Whether a <see cref="Projects"/> entry is well formed.</summary>
    internal static bool IsValidPattern(string? pattern)
        => !string.IsNullOrEmpty(pattern) && pattern != "*" && pattern.IndexOf('*', StringComparison.Ordinal) is var star && (star < 0 || star == pattern.Length - 1)
           && ProtocolNames.IsValidProject(star < 0 ? pattern : pattern[..^1]);
}
