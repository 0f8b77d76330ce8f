namespace ProjectSockets;

/// <summary>Validates a history read and hands it to the event store.</summary>
internal sealed class DefaultProjectHistory(IProjectEventStore store) : IProjectHistory
{
    public ValueTask<HistoryPage> ReadAsync(string project, HistoryQuery query, CancellationToken cancellationToken = default)
    {
        ProtocolArguments.ThrowIfInvalidProject(project);

        if (Problem(query) is { } problem)
        {
            throw new ArgumentException(problem, nameof(query));
        }

        return store.ReadHistoryAsync(project, query, cancellationToken);
    }

    /// <summary>What is wrong with a query, or <see langword="null"/>.</summary>
    public static string? Problem(HistoryQuery query)
    {
        if (query.Since is < 0)
        {
            return "'since' must be a non-negative integer.";
        }

        if (query.Epoch is not null && query.Since is null)
        {
            return "'epoch' needs 'since'.";
        }

        return query.Limit is < 1 or > HistoryQuery.MaxLimit ? $"'limit' must be between 1 and {HistoryQuery.MaxLimit}." : null;
    }
}
