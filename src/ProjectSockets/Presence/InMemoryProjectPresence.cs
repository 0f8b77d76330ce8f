using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

namespace ProjectSockets;

/// <summary>
/// The presence of one node's projects, in memory: a member set per project (counted in O(1)). The manager adds and
/// removes members as connections subscribe and leave.
/// </summary>
internal sealed class InMemoryProjectPresence(IOptions<ProjectSocketsOptions> options) : IPresenceStore
{
    private IPresenceSink? _sink;

    private readonly ConcurrentDictionary<string, ConcurrentDictionary<string, PresenceMember>> _projects = new(StringComparer.Ordinal);
    private readonly PresenceOptions _options = options.Value.Presence;

    /// <summary>Gets how many projects have members (for tests: the last to leave removes the project).</summary>
    public int ProjectCount => _projects.Count;

    public bool IsEnabled(string project) => _options.IsEnabledFor(project);

    public ValueTask<IReadOnlyList<PresenceMember>> GetMembersAsync(string project, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(project);
        IReadOnlyList<PresenceMember> members = _projects.TryGetValue(project, out var set) ? [.. set.Values] : [];
        return ValueTask.FromResult(members);
    }

    public ValueTask<long> GetCountAsync(string project, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(project);
        return ValueTask.FromResult(_projects.TryGetValue(project, out var set) ? (long)set.Count : 0);
    }

    public void RegisterSink(IPresenceSink sink) => _sink = sink;

    public void Join(string project, PresenceMember member)
    {
        lock (_projects)
        {
            _projects.GetOrAdd(project, static _ => new(StringComparer.Ordinal))[member.ConnectionId] = member;
        }

        _sink?.Announce("join", project, member);
    }

    public void Leave(string project, string connectionId)
    {
        if (Remove(project, connectionId) is { } member)
        {
            _sink?.Announce("leave", project, member);
        }
    }

    /// <summary>Removes a member; returns it, or <see langword="null"/> when it was none.</summary>
    private PresenceMember? Remove(string project, string connectionId)
    {
        lock (_projects)
        {
            if (!_projects.TryGetValue(project, out var set) || !set.TryRemove(connectionId, out var member))
            {
                return null;
            }

            if (set.IsEmpty)
            {
                _projects.TryRemove(project, out _);
            }

            return member;
        }
    }
}
