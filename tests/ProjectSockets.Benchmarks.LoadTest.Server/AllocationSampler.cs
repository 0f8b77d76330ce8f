using System.Collections.Concurrent;
using System.Diagnostics.Tracing;

namespace ProjectSockets.Benchmarks.LoadTest.Server;

/// <summary>
/// Samples the runtime's GC allocation ticks (one event about every 100 KB allocated) by type, to find where a
/// server's allocations come from. Started with <c>--sample-allocations</c>; read at <c>GET /control/allocations</c>.
/// </summary>
internal sealed class AllocationSampler : EventListener
{
    private readonly ConcurrentDictionary<string, long> _bytes = new(StringComparer.Ordinal);

    public IEnumerable<KeyValuePair<string, long>> Top(int count)
        => _bytes.OrderByDescending(p => p.Value).Take(count);

    public void Clear() => _bytes.Clear();

    protected override void OnEventSourceCreated(EventSource eventSource)
    {
        if (eventSource.Name == "Microsoft-Windows-DotNETRuntime")
        {
            // GC keyword, verbose level: GCAllocationTick_V4.
            EnableEvents(eventSource, EventLevel.Verbose, (EventKeywords)0x1);
        }
    }

    protected override void OnEventWritten(EventWrittenEventArgs eventData)
    {
        if (eventData.EventName?.StartsWith("GCAllocationTick", StringComparison.Ordinal) != true || eventData.Payload is null)
        {
            return;
        }

        var name = eventData.PayloadNames?.IndexOf("TypeName") is int i and >= 0 ? eventData.Payload[i] as string ?? "?" : "?";
        if (name == "System.Byte[]" && eventData.PayloadNames?.IndexOf("ObjectSize") is int k and >= 0)
        {
            // Arrays of one size usually come from one place: the size tells which.
            name += " of " + Convert.ToString(eventData.Payload[k], System.Globalization.CultureInfo.InvariantCulture) + " bytes";
        }

        var amount = eventData.PayloadNames?.IndexOf("AllocationAmount64") is int j and >= 0 ? Convert.ToInt64(eventData.Payload[j], System.Globalization.CultureInfo.InvariantCulture) : 100_000;
        _bytes.AddOrUpdate(name, amount, (_, total) => total + amount);
    }
}
