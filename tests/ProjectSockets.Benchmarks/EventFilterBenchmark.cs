using BenchmarkDotNet.Attributes;

namespace ProjectSockets.Benchmarks;

/// <summary>The filter check a broadcast runs once per subscriber.</summary>
[MemoryDiagnoser]
public class EventFilterBenchmark
{
    private readonly EventFilter _exact = EventFilter.Create(["gate_running"]);
    private readonly EventFilter _mixed = EventFilter.Create(["task_*", "gate_running", "signal_*", "agent_output"]);
    private readonly EventFilter _many = EventFilter.Create([.. Enumerable.Range(0, 32).Select(i => $"kind{i}_*")]);

    [Benchmark(Baseline = true)]
    public bool MatchAll() => EventFilter.All.Matches("agent_output");

    [Benchmark]
    public bool MatchExact() => _exact.Matches("gate_running");

    [Benchmark]
    public bool MatchPrefixAmongFour() => _mixed.Matches("signal_detected");

    [Benchmark]
    public bool MissAmong32Prefixes() => _many.Matches("agent_output");
}
