namespace ProjectSockets.Client.Tests.Testing;

/// <summary>What the client told the application about events it could not deliver.</summary>
/// <param name="Recoveries">Every <c>RecoveryFailed</c>: a gap the server could not replay.</param>
/// <param name="Failures">Every <c>SubscriptionFailed</c>: a subscription the server would not restore.</param>
internal sealed record ApplicationReports(ProjectSocketsRecoveryFailedEventArgs[] Recoveries, ProjectSocketsSubscriptionFailedEventArgs[] Failures)
{
    /// <summary>Whether the application was told that event <paramref name="seq"/> of <paramref name="epoch"/> would not come.</summary>
    public bool Covers(string project, string epoch, long seq)
        => Recoveries.Any(r => r.Project == project && (r.EpochChanged
                ? (r.PreviousEpoch == epoch && seq > r.LastSeq) || (r.Epoch == epoch && seq <= r.Seq)
                : r.Epoch == epoch && seq > r.LastSeq && seq <= r.Seq))
            || Failures.Any(f => f.Project == project && (f.Epoch != epoch || seq > f.LastSeq));

    /// <summary>Whether the application was told of a change of epoch from <paramref name="from"/> to <paramref name="to"/>.</summary>
    public bool CoversEpochChange(string project, string from, string to)
        => Recoveries.Any(r => r.Project == project && r.PreviousEpoch == from && r.Epoch == to);
}
