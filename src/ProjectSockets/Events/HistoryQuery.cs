namespace ProjectSockets;

/// <summary>
/// Which part of a project's history to read: the events after <see cref="Since"/> (oldest first), or, without it,
/// the last <see cref="Limit"/> events.
/// </summary>
/// <param name="Since">Read the events after this seq; <see langword="null"/> for the last <paramref name="Limit"/> events.</param>
/// <param name="Epoch">
/// The epoch <paramref name="Since"/> belongs to; when it differs from the project's, the range is gone
/// (<see cref="HistoryPage.Complete"/> is false). <see langword="null"/> takes <paramref name="Since"/> to be of the current epoch.
/// </param>
/// <param name="Limit">The most events to return: 1 to <see cref="MaxLimit"/>.</param>
public sealed record HistoryQuery(long? Since = null, string? Epoch = null, int Limit = HistoryQuery.DefaultLimit)
{
    /// <summary>The limit used when none is given.</summary>
    public const int DefaultLimit = 100;

    /// <summary>The largest limit accepted.</summary>
    public const int MaxLimit = 1000;
}
