using System.Numerics;

namespace ProjectSockets.Benchmarks.LoadTest;

/// <summary>
/// A log-linear histogram of latencies in microseconds (32 buckets per power of two, about 3 % resolution) that
/// threads update with interlocked adds and that merges across processes.
/// </summary>
internal sealed class LatencyHistogram
{
    private const int SubBuckets = 32;
    private const int BucketCount = 64 * SubBuckets;
    private readonly long[] _counts = new long[BucketCount];
    private long _max;

    public long Max => Volatile.Read(ref _max);

    public void Record(long micros)
    {
        if (micros < 0)
        {
            micros = 0;
        }

        Interlocked.Increment(ref _counts[Index(micros)]);
        var max = Volatile.Read(ref _max);
        while (micros > max)
        {
            var seen = Interlocked.CompareExchange(ref _max, micros, max);
            if (seen == max)
            {
                break;
            }

            max = seen;
        }
    }

    public void Reset()
    {
        Array.Clear(_counts);
        Volatile.Write(ref _max, 0);
    }

    /// <summary>Non-empty buckets as index/count pairs, for the report line.</summary>
    public Dictionary<int, long> ToSparse()
    {
        var sparse = new Dictionary<int, long>();
        for (var i = 0; i < _counts.Length; i++)
        {
            var count = Volatile.Read(ref _counts[i]);
            if (count != 0)
            {
                sparse[i] = count;
            }
        }

        return sparse;
    }

    public void Add(Dictionary<int, long> sparse, long max)
    {
        foreach (var (index, count) in sparse)
        {
            _counts[index] += count;
        }

        _max = Math.Max(_max, max);
    }

    /// <summary>The value at the quantile, in microseconds (upper bound of its bucket).</summary>
    public double Quantile(double quantile)
    {
        var total = _counts.Sum();
        if (total == 0)
        {
            return double.NaN;
        }

        var rank = (long)Math.Ceiling(quantile * total);
        long seen = 0;
        for (var i = 0; i < _counts.Length; i++)
        {
            seen += _counts[i];
            if (seen >= rank)
            {
                return Math.Min(UpperBound(i), _max);
            }
        }

        return _max;
    }

    private static int Index(long value)
    {
        if (value < SubBuckets)
        {
            return (int)value;
        }

        var exponent = 63 - BitOperations.LeadingZeroCount((ulong)value);
        var mantissa = (int)(value >> (exponent - 5)) & (SubBuckets - 1);
        return ((exponent - 4) * SubBuckets) + mantissa;
    }

    private static long UpperBound(int index)
    {
        if (index < SubBuckets)
        {
            return index;
        }

        var exponent = (index / SubBuckets) + 4;
        var mantissa = index % SubBuckets;
        var lower = (long)(SubBuckets + mantissa) << (exponent - 5);
        return lower + (1L << (exponent - 5)) - 1;
    }
}
