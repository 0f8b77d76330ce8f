using System.Diagnostics;

namespace ProjectSockets.Benchmarks.LoadTest.Server;

/// <summary>
/// The event every server sends: per-project sequence, publish time (Stopwatch ticks, the same monotonic clock in
/// every process of the machine) and padding so that its JSON is exactly the requested size.
/// </summary>
public sealed record BenchEvent(long Bs, long Bt, string Pad)
{
    private static readonly string[] s_pads = new string[4096];

    /// <summary>Builds an event whose compact camelCase JSON is <paramref name="size"/> bytes.</summary>
    public static BenchEvent Create(long seq, int size)
    {
        var time = Stopwatch.GetTimestamp();

        // {"bs":S,"bt":T,"pad":"P"}
        var fixedBytes = 22 + Digits(seq) + Digits(time);
        var padLength = Math.Clamp(size - fixedBytes, 0, s_pads.Length - 1);
        var pad = s_pads[padLength] ??= new string('x', padLength);
        return new BenchEvent(seq, time, pad);
    }

    // Counted, not formatted: the harness allocates as little as it can, so that the server's figures are the server's.
    private static int Digits(long value)
    {
        var digits = value < 0 ? 2 : 1;
        for (var rest = Math.Abs(value / 10); rest > 0; rest /= 10)
        {
            digits++;
        }

        return digits;
    }
}
