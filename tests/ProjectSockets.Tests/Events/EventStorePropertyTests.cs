using FsCheck.Xunit;
using Microsoft.Extensions.Time.Testing;
using NSubstitute;

namespace ProjectSockets.Tests.Events;

/// <summary>
/// Properties of the in-memory store checked against a plain model on generated inputs: publish ids append once,
/// history reads return exactly the model's range and call it complete exactly when nothing of it is gone, and a
/// project's namespace is the exact pattern or the longest matching prefix.
/// </summary>
public sealed class EventStorePropertyTests
{
    [Property(MaxTest = 200)]
    public bool Publish_EachKeyAppendsOnce_AndEveryRetryGetsTheFirstSeq(byte[] publishes)
    {
        using var store = CreateStore(new ProjectSocketsOptions());
        var firstSeq = new Dictionary<string, long>(StringComparer.Ordinal);
        long appended = 0;
        foreach (var b in publishes)
        {
            // A fifth of the publishes carry no key; the rest draw from seven keys, so retries are frequent.
            var key = b % 5 == 0 ? null : "k" + (b % 7);
            var result = store.AppendAsync("p1", "e", "1"u8.ToArray(), key).Result;
            if (key is not null && firstSeq.TryGetValue(key, out var seq))
            {
                if (!result.Duplicate || result.Seq != seq)
                {
                    return false;
                }

                continue;
            }

            appended++;
            if (result.Duplicate || result.Seq != appended)
            {
                return false;
            }

            if (key is not null)
            {
                firstSeq[key] = result.Seq;
            }
        }

        var page = store.ReadHistoryAsync("p1", new HistoryQuery(Since: 0, Limit: HistoryQuery.MaxLimit)).Result;
        return page.Seq == appended && page.Events.Select(e => e.Seq).SequenceEqual(Enumerable.Range(1, (int)appended).Select(i => (long)i));
    }

    [Property(MaxTest = 300)]
    public bool Read_AgreesWithTheModel(byte published, byte maxEvents, byte limit, short since, bool last, bool otherEpoch)
    {
        var options = new ProjectSocketsOptions();
        options.History.MaxEvents = maxEvents % 40;
        using var store = CreateStore(options);
        var count = published % 60;
        string? epoch = null;
        for (var i = 0; i < count; i++)
        {
            epoch = store.AppendAsync("p1", "e", "1"u8.ToArray()).Result.Epoch;
        }

        var query = last
            ? new HistoryQuery(Limit: 1 + (limit % 30))
            : new HistoryQuery(Math.Abs(since % 70), otherEpoch ? "other" : epoch, 1 + (limit % 30));
        var page = store.ReadHistoryAsync("p1", query).Result;

        // The model: which seqs are kept, which the query asks for, and whether all of those exist.
        var kept = Enumerable.Range(1, count).Select(i => (long)i).Skip(Math.Max(0, count - options.History.MaxEvents)).ToList();
        List<long> asked;
        IEnumerable<long> expected;
        if (query.Since is not { } after)
        {
            var wanted = Math.Max(1, count - query.Limit + 1);
            asked = [.. Enumerable.Range(wanted, count - wanted + 1).Select(i => (long)i)];
            expected = kept.Where(s => s >= wanted);
        }
        else if (otherEpoch || after > count)
        {
            asked = [-1];
            expected = kept;
        }
        else
        {
            asked = [.. Enumerable.Range((int)after + 1, count - (int)after).Select(i => (long)i)];
            expected = kept.Where(s => s > after);
        }

        var complete = asked.All(kept.Contains);
        return page.Complete == complete
            && page.Events.Select(e => e.Seq).SequenceEqual(expected.Take(query.Limit))
            && page.Seq == count;
    }

    [Property(MaxTest = 300)]
    public bool Namespace_IsTheExactPatternOrTheLongestMatchingPrefix(byte[] patternSeeds, byte projectSeed)
    {
        // Ids and prefixes over a two-letter alphabet, so that they overlap often.
        static string Word(int seed) => new([.. Enumerable.Range(0, 1 + (seed % 4)).Select(i => (seed >> i & 1) == 0 ? 'a' : 'b')]);
        var namespaces = patternSeeds
            .Select(s => (s & 0x80) == 0 ? Word(s) + "*" : Word(s))
            .Distinct(StringComparer.Ordinal)
            .Select(p => new ProjectNamespaceOptions { Pattern = p })
            .ToList();
        var project = Word(projectSeed);

        var exact = namespaces.FirstOrDefault(n => n.Pattern == project);
        var prefix = namespaces
            .Where(n => n.Pattern.EndsWith('*') && project.StartsWith(n.Pattern[..^1], StringComparison.Ordinal))
            .OrderByDescending(n => n.Pattern.Length)
            .FirstOrDefault();
        return ReferenceEquals(ProjectNamespaces.Match(namespaces, project), exact ?? prefix);
    }

    private static InMemoryProjectEventStore CreateStore(ProjectSocketsOptions options)
    {
        var store = new InMemoryProjectEventStore(Microsoft.Extensions.Options.Options.Create(options), new FakeTimeProvider());
        store.RegisterSink(Substitute.For<IProjectEventSink>());
        return store;
    }
}
