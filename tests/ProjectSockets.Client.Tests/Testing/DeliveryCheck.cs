namespace ProjectSockets.Client.Tests.Testing;

/// <summary>Compares the seqs an application saw for a project with the seqs published: duplicates, gaps, disorder.</summary>
internal readonly record struct DeliveryCheck(int Seen, int Duplicates, int Gaps, int OutOfOrder)
{
    public static DeliveryCheck Of(IEnumerable<long> seen, long published)
    {
        var list = seen.ToList();
        var distinct = new HashSet<long>(list);
        var outOfOrder = list.Zip(list.Skip(1)).Count(pair => pair.Second <= pair.First);
        var gaps = 0;
        for (long seq = 1; seq <= published; seq++)
        {
            if (!distinct.Contains(seq))
            {
                gaps++;
            }
        }

        return new DeliveryCheck(list.Count, list.Count - distinct.Count, gaps, outOfOrder);
    }

    public bool IsExact => Duplicates == 0 && Gaps == 0 && OutOfOrder == 0;
}
