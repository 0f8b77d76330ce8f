namespace ProjectSockets.Benchmarks.LoadTest.Orchestrator;

/// <summary>One scenario on one server in one round: named metric values.</summary>
internal sealed record Measurement(string Scenario, string Server, int Round, Dictionary<string, double> Metrics);

/// <summary>The metrics of the report, in order, with how each is printed.</summary>
internal static class Metric
{
    public const string DeliveriesPerSecond = "deliveries/s";
    public const string P50 = "p50 latency (ms)";
    public const string P99 = "p99 latency (ms)";
    public const string Max = "max latency (ms)";
    public const string Lost = "lost";
    public const string OutOfOrder = "out of order";
    public const string PublishedPerSecond = "events published/s";
    public const string CpuPerDelivery = "server CPU per delivery (µs)";
    public const string ServerBusy = "server CPU busy (% of one core)";
    public const string ClientCpuPerDelivery = "client CPU per delivery (µs)";
    public const string Load = "load average (1 min) at start";
    public const string AllocatedPerDelivery = "server allocated per delivery (bytes)";
    public const string EventsPerFrame = "events per frame";
    public const string WorkingSet = "server working set (MiB)";
    public const string Closed = "connections closed";

    public static string HeapPerConnection(int n) => $"managed heap per connection at {n:N0} (bytes)";

    public static string WorkingSetPerConnection(int n) => $"working set per connection at {n:N0} (KiB)";

    public static string IdleCpu(int n) => $"idle CPU at {n:N0} (% of one core)";

    public static string Held(int n) => $"connections held at {n:N0}";

    public const string Pings = "heartbeat pings received by clients";

    public static string Format(string metric, double value)
    {
        if (double.IsNaN(value))
        {
            return "–";
        }

        return metric switch
        {
            DeliveriesPerSecond => value.ToString("N0", System.Globalization.CultureInfo.InvariantCulture),
            Lost or OutOfOrder or Closed or Pings => value.ToString("N0", System.Globalization.CultureInfo.InvariantCulture),
            _ when metric.StartsWith("connections held", StringComparison.Ordinal) => value.ToString("N0", System.Globalization.CultureInfo.InvariantCulture),
            _ when Math.Abs(value) >= 100 => value.ToString("N0", System.Globalization.CultureInfo.InvariantCulture),
            _ when Math.Abs(value) >= 10 => value.ToString("N1", System.Globalization.CultureInfo.InvariantCulture),
            _ => value.ToString("0.###", System.Globalization.CultureInfo.InvariantCulture),
        };
    }
}
