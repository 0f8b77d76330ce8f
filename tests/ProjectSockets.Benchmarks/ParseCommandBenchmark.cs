using BenchmarkDotNet.Attributes;

namespace ProjectSockets.Benchmarks;

/// <summary>Reading one client message: the strict envelope parse every inbound message goes through.</summary>
[MemoryDiagnoser]
public class ParseCommandBenchmark
{
    private readonly byte[] _ping = """{"type":"ping"}"""u8.ToArray();
    private readonly byte[] _command = """{"type":"command","id":"17","command":"start_task","project":"p1","args":{"title":"build","priority":2}}"""u8.ToArray();
    private readonly byte[] _subscribe = """{"type":"command","id":"18","command":"subscribe","project":"p2","args":{"events":["task_*","gate_running"],"since":40,"epoch":"AbCdEfGhIjKlMnOp"}}"""u8.ToArray();

    [Benchmark(Baseline = true)]
    public int ParsePing() => InboundMessageParser.Parse(_ping).Count;

    [Benchmark]
    public int ParseCommand() => InboundMessageParser.Parse(_command).Count;

    [Benchmark]
    public int ParseSubscribeWithArguments()
    {
        var message = InboundMessageParser.Parse(_subscribe)[0];
        return SubscribeArguments.Read(message.Args).Arguments!.Filter.Patterns.Count;
    }
}
