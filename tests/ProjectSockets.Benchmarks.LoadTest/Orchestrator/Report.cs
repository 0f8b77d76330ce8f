using System.Globalization;
using System.Text;
using ProjectSockets.Benchmarks.LoadTest.Worker;

namespace ProjectSockets.Benchmarks.LoadTest.Orchestrator;

/// <summary>The markdown report: per scenario, each metric's median and min–max over rounds per server, and ratios to SignalR.</summary>
internal static class Report
{
    private static readonly (string Key, string Title)[] s_scenarios =
    [
        (Scenario.Saturated, "Saturated fan-out"),
        (Scenario.Paced, "Paced fan-out"),
        (Scenario.ManyProjects, "Many projects"),
        (Scenario.Idle, "Idle connections"),
    ];

    public static string Build(IReadOnlyList<Measurement> measurements, Settings settings, string header)
    {
        var text = new StringBuilder(header);
        var servers = settings.Servers;
        foreach (var (key, title) in s_scenarios)
        {
            var rows = measurements.Where(m => m.Scenario == key).ToList();
            if (rows.Count == 0)
            {
                continue;
            }

            text.AppendLine(CultureInfo.InvariantCulture, $"### {title} ({Describe(key, settings)})").AppendLine();
            text.Append("| metric |");
            foreach (var server in servers)
            {
                text.Append(CultureInfo.InvariantCulture, $" {ServerKind.Display(server)} |");
            }

            var hasSignalR = servers.Contains(ServerKind.SignalR);
            var others = servers.Where(s => s != ServerKind.SignalR).ToArray();
            if (hasSignalR)
            {
                foreach (var other in others)
                {
                    text.Append(CultureInfo.InvariantCulture, $" {ServerKind.Display(other)} ÷ SignalR |");
                }
            }

            text.AppendLine().Append("| --- |");
            text.Append(string.Concat(Enumerable.Repeat(" ---: |", servers.Count + (hasSignalR ? others.Length : 0)))).AppendLine();

            foreach (var metric in rows.SelectMany(m => m.Metrics.Keys).Distinct())
            {
                text.Append(CultureInfo.InvariantCulture, $"| {metric} |");
                var medians = new Dictionary<string, double>();
                foreach (var server in servers)
                {
                    var values = rows.Where(m => m.Server == server && m.Metrics.ContainsKey(metric)).Select(m => m.Metrics[metric]).Order().ToArray();
                    if (values.Length == 0)
                    {
                        text.Append(" – |");
                        continue;
                    }

                    var median = Median(values);
                    medians[server] = median;
                    text.Append(values.Length == 1
                        ? $" {Metric.Format(metric, median)} |"
                        : $" {Metric.Format(metric, median)} ({Metric.Format(metric, values[0])}–{Metric.Format(metric, values[^1])}) |");
                }

                if (hasSignalR)
                {
                    foreach (var other in others)
                    {
                        if (!medians.TryGetValue(other, out var mine) || !medians.TryGetValue(ServerKind.SignalR, out var theirs) || theirs == 0)
                        {
                            text.Append(" – |");
                        }
                        else if (key == Scenario.Paced && metric != Metric.PublishedPerSecond && !SameRate(rows, other))
                        {
                            // Paced figures compare only at the same achieved rate: a publisher that fell behind asked less.
                            text.Append(" unequal rates |");
                        }
                        else
                        {
                            text.Append(CultureInfo.InvariantCulture, $" {mine / theirs:0.00}× |");
                        }
                    }
                }

                text.AppendLine();
            }

            text.AppendLine();
            AppendRounds(text, rows);
        }

        return text.ToString();
    }

    private static string Describe(string scenario, Settings s) => scenario switch
    {
        Scenario.Saturated => FormattableString.Invariant($"{s.Clients:N0} clients on one project, {s.SaturatedEvents:N0} events of {s.EventBytes} bytes back to back, after as many unmeasured"),
        Scenario.Paced => FormattableString.Invariant($"{s.Clients:N0} clients on one project, {s.PacedEvents:N0} events of {s.EventBytes} bytes at {s.PacedRate:N0}/s"),
        Scenario.ManyProjects => FormattableString.Invariant($"{s.Clients:N0} clients over {s.ManyProjects} projects, {s.ManyProjectsEvents:N0} events round-robin back to back, after as many unmeasured"),
        _ => FormattableString.Invariant($"{s.IdleFirst:N0} then {s.IdleSecond:N0} connections, heartbeats every 15 s, CPU over {s.IdleWindow.TotalSeconds:N0} s at {s.IdleSecond:N0} after {s.IdleSettle.TotalSeconds:N0} s settling"),
    };

    /// <summary>Every round's raw figures, one row per round and server, in the order they ran.</summary>
    private static void AppendRounds(StringBuilder text, List<Measurement> rows)
    {
        var metrics = rows.SelectMany(m => m.Metrics.Keys).Distinct().ToArray();
        text.AppendLine("Per round:").AppendLine();
        text.Append("| round | server |").AppendJoin(string.Empty, metrics.Select(m => $" {m} |")).AppendLine();
        text.Append("| ---: | --- |").Append(string.Concat(Enumerable.Repeat(" ---: |", metrics.Length))).AppendLine();
        foreach (var row in rows)
        {
            text.Append(CultureInfo.InvariantCulture, $"| {row.Round} | {ServerKind.Display(row.Server)} |");
            foreach (var metric in metrics)
            {
                text.Append(row.Metrics.TryGetValue(metric, out var value) ? $" {Metric.Format(metric, value)} |" : " – |");
            }

            text.AppendLine();
        }

        text.AppendLine();
    }

    /// <summary>Whether a server's median achieved publishing rate is within 5 % of SignalR's.</summary>
    private static bool SameRate(List<Measurement> rows, string server)
    {
        double Rate(string kind)
        {
            var values = rows.Where(m => m.Server == kind && m.Metrics.ContainsKey(Metric.PublishedPerSecond))
                .Select(m => m.Metrics[Metric.PublishedPerSecond]).Order().ToArray();
            return values.Length == 0 ? double.NaN : Median(values);
        }

        var ratio = Rate(server) / Rate(ServerKind.SignalR);
        return Math.Abs(ratio - 1) <= 0.05;
    }

    private static double Median(double[] sorted)
        => sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
}
