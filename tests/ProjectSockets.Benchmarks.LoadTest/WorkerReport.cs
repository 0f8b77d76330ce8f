namespace ProjectSockets.Benchmarks.LoadTest;

/// <summary>
/// What one worker process saw since its last reset, and the CPU time it used since (all its threads); one JSON line
/// on its standard output.
/// </summary>
internal sealed record WorkerReport(
    int Connected,
    int Failed,
    int Closed,
    long Events,
    long InOrder,
    long OutOfOrder,
    long Gaps,
    long Frames,
    long Pings,
    long FirstReceive,
    long LastReceive,
    long MaxLatencyMicros,
    Dictionary<int, long> Histogram,
    long CpuTicks);
