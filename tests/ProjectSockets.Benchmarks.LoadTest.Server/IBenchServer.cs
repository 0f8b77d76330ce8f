namespace ProjectSockets.Benchmarks.LoadTest.Server;

/// <summary>What the control endpoints need from each of the three servers.</summary>
public interface IBenchServer
{
    /// <summary>Gets the number of connections that are subscribed and would receive a broadcast.</summary>
    int Connections { get; }

    /// <summary>Broadcasts one event to every connection of the project.</summary>
    ValueTask PublishAsync(string project, BenchEvent benchEvent);
}
