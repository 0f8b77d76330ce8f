using System.Diagnostics.Metrics;

namespace ProjectSockets;

/// <summary>
/// The core's meter, <c>ProjectSockets</c>, made once per service provider through its <see cref="IMeterFactory"/>
/// (or, in a container without one, made and owned here), and its instruments grouped by the part that records them. Every instrument is created here, once; the parts only
/// add and record. Tags are low-cardinality: never a project id or a connection id.
/// </summary>
internal sealed class ProjectSocketsMetrics : IDisposable
{
    /// <summary>The name of the core's meter.</summary>
    public const string MeterName = "ProjectSockets";

    private readonly Meter? _ownMeter;

    public ProjectSocketsMetrics(IMeterFactory? meterFactory = null)
    {
        var options = new MeterOptions(MeterName) { Version = typeof(ProjectSocketsMetrics).Assembly.GetName().Version?.ToString() };
        var meter = meterFactory?.Create(options) ?? (_ownMeter = new Meter(options));
        Connections = new ConnectionMetrics(meter);
        Delivery = new DeliveryMetrics(meter);
        Commands = new CommandMetrics(meter);
    }

    /// <summary>Gets the instruments of connections: how many, how long, what they received, how they were closed.</summary>
    public ConnectionMetrics Connections { get; }

    /// <summary>Gets the instruments of the publish path: published, delivered, sent, queued, subscriptions, resumes.</summary>
    public DeliveryMetrics Delivery { get; }

    /// <summary>Gets the instruments of the host's commands: their duration and outcome, and rate-limited commands.</summary>
    public CommandMetrics Commands { get; }

    /// <summary>Disposes the meter made here; one from the factory is the factory's to dispose.</summary>
    public void Dispose() => _ownMeter?.Dispose();
}
