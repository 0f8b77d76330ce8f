using System.Diagnostics.Metrics;

namespace ProjectSockets;

/// <summary>The instruments of the host's commands: duration by name and outcome, and commands refused by the rate limit.</summary>
internal sealed class CommandMetrics
{
    private readonly Histogram<double> _duration;
    private readonly Counter<long> _rateLimited;

    public CommandMetrics(Meter meter)
    {
        _duration = meter.CreateHistogram(
            "projectsockets.server.command.duration",
            "s",
            "How long the host's commands took, from the authorizer to the answer, by command name and outcome.",
            tags: null,
            new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30] });
        _rateLimited = meter.CreateCounter<long>("projectsockets.server.commands.rate_limited", "{command}", "Commands refused with rate_limited.");
    }

    /// <summary>
    /// Records a command. <paramref name="command"/> is a registered name (the host's finite set) or
    /// <see cref="MetricTags.OtherCommand"/>: a name the client made up is never a tag.
    /// </summary>
    public void Completed(string command, string outcome, TimeSpan duration)
        => _duration.Record(
            duration.TotalSeconds,
            new KeyValuePair<string, object?>(MetricTags.CommandName, command),
            new KeyValuePair<string, object?>(MetricTags.CommandOutcome, outcome));

    public void RateLimited() => _rateLimited.Add(1);
}
