namespace ProjectSockets;

/// <summary>Reads a project's history without subscribing: the last N events, or the events since a seq.</summary>
public interface IProjectHistory
{
    /// <summary>Reads part of a project's history from the event store (on every node the same, with a backplane).</summary>
    /// <param name="project">A valid project id.</param>
    /// <param name="query">Which events: since a seq, or the last N; and how many at most.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The events, the project's position, and whether the range was complete.</returns>
    /// <exception cref="ArgumentException">
    /// The project id breaks the naming rules (<c>project</c>), or the query is out of range: a negative
    /// <see cref="HistoryQuery.Since"/>, an <see cref="HistoryQuery.Epoch"/> without it, or a
    /// <see cref="HistoryQuery.Limit"/> outside 1 to <see cref="HistoryQuery.MaxLimit"/> (<c>query</c>).
    /// </exception>
    ValueTask<HistoryPage> ReadAsync(string project, HistoryQuery query, CancellationToken cancellationToken = default);
}
