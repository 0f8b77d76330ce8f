namespace ProjectSockets.Client.Tests.Testing;

/// <summary>
/// Compares what an application saw of one project with what was published, epochs included: duplicates, disorder,
/// events it was told it would not get, and events that went missing without a word (the failure that matters).
/// </summary>
internal readonly record struct SoakCheck(int Published, int Seen, int Duplicates, int OutOfOrder, int Told, int Missing, int Unpublished)
{
    public static SoakCheck Of(string project, IReadOnlyList<(string Epoch, long Seq)> published, IEnumerable<ProjectSocketsEvent> seen, ApplicationReports reports)
    {
        var list = seen.Select(e => (Epoch: e.Epoch!, Seq: e.Seq!.Value)).ToList();
        var distinct = list.ToHashSet();
        var outOfOrder = list.Zip(list.Skip(1)).Count(pair => pair.First.Epoch == pair.Second.Epoch
            ? pair.Second.Seq <= pair.First.Seq
            : !reports.CoversEpochChange(project, pair.First.Epoch, pair.Second.Epoch));
        var acknowledged = published.ToHashSet();
        var told = 0;
        var missing = 0;
        foreach (var (epoch, seq) in published)
        {
            if (distinct.Contains((epoch, seq)))
            {
                continue;
            }

            if (reports.Covers(project, epoch, seq))
            {
                told++;
            }
            else
            {
                missing++;
            }
        }

        // Delivered but never acknowledged to the publisher (a publish whose answer was lost when Redis went away).
        var unpublished = distinct.Count(e => !acknowledged.Contains(e));
        return new SoakCheck(published.Count, list.Count, list.Count - distinct.Count, outOfOrder, told, missing, unpublished);
    }

    /// <summary>Gets whether every event arrived once and in order, or the application was told it would not.</summary>
    public bool IsSound => Duplicates == 0 && OutOfOrder == 0 && Missing == 0;
}
