namespace ProjectSockets;

/// <summary>
/// Where a history read starts and whether it is complete, given the project's latest seq and its oldest kept one.
/// The Redis store's read script follows the same rules.
/// </summary>
internal static class HistoryRange
{
    /// <summary>Returns the first seq to return and whether the asked range is complete.</summary>
    /// <param name="seq">The project's latest seq.</param>
    /// <param name="epoch">The project's epoch.</param>
    /// <param name="oldestKept">The oldest seq in history (<paramref name="seq"/> + 1 when history is empty).</param>
    /// <param name="query">The query.</param>
    public static (long From, bool Complete) Plan(long seq, string epoch, long oldestKept, HistoryQuery query)
    {
        if (query.Since is not { } since)
        {
            var wanted = Math.Max(1, seq - query.Limit + 1);
            return (Math.Max(wanted, oldestKept), wanted >= oldestKept || seq == 0);
        }

        var sameEpoch = query.Epoch is null || string.Equals(query.Epoch, epoch, StringComparison.Ordinal);
        if (!sameEpoch || since > seq)
        {
            return (oldestKept, false);
        }

        return (Math.Max(since + 1, oldestKept), since == seq || since + 1 >= oldestKept);
    }
}
