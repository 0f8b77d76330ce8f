using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using ProjectSockets.Tests.Testing;

namespace ProjectSockets.Tests.Diagnostics;

/// <summary>Collects one instrument of a test server's <c>ProjectSockets</c> meter (its own meter factory: no other test's values).</summary>
internal static class MetricCollectors
{
    public static MetricCollector<T> Collect<T>(this TestServer server, string instrument)
        where T : struct
        => new(server.Services.GetRequiredService<IMeterFactory>(), ProjectSocketsMetrics.MeterName, instrument);

    /// <summary>Waits until the collector holds at least <paramref name="count"/> measurements, then returns them.</summary>
    public static async Task<IReadOnlyList<CollectedMeasurement<T>>> WaitAsync<T>(this MetricCollector<T> collector, int count)
        where T : struct
    {
        await collector.WaitForMeasurementsAsync(count, TestClient.Timeout);
        return collector.GetMeasurementSnapshot();
    }

    public static long Sum(this MetricCollector<long> collector) => collector.GetMeasurementSnapshot().Sum(m => m.Value);

    public static long Sum(this MetricCollector<int> collector) => collector.GetMeasurementSnapshot().Sum(m => (long)m.Value);

    public static object? Tag<T>(this CollectedMeasurement<T> measurement, string name)
        where T : struct
        => measurement.Tags.TryGetValue(name, out var value) ? value : null;
}
