using System.Text.Json;
using BenchmarkDotNet.Attributes;

namespace ProjectSockets.Benchmarks;

/// <summary>Encoding one event message: done once per publish, whatever the number of subscribers.</summary>
[MemoryDiagnoser]
public class EncodeEventBenchmark
{
    private static readonly DateTimeOffset s_time = new(2026, 11, 27, 10, 0, 0, TimeSpan.Zero);
    private readonly byte[] _small = JsonSerializer.SerializeToUtf8Bytes(new { taskId = "t-42", title = "build" });
    private readonly byte[] _oneKiB = JsonSerializer.SerializeToUtf8Bytes(new { output = new string('x', 1000) });
    private readonly object _value = new { taskId = "t-42", title = "build", attempt = 3 };
    private readonly JsonSerializerOptions _json = new(JsonSerializerDefaults.Web);

    [Benchmark(Baseline = true)]
    public int EncodeSmallEvent() => ProtocolWriter.Event("p1", "task_started", 42, "AbCdEfGhIjKlMnOp", s_time, _small).Length;

    [Benchmark]
    public int Encode1KiBEvent() => ProtocolWriter.Event("p1", "agent_output", 42, "AbCdEfGhIjKlMnOp", s_time, _oneKiB).Length;

    [Benchmark]
    public int SerializeAndEncodeSmallEvent()
        => ProtocolWriter.Event("p1", "task_started", 42, "AbCdEfGhIjKlMnOp", s_time, JsonSerializer.SerializeToUtf8Bytes(_value, _value.GetType(), _json)).Length;
}
