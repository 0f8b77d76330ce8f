namespace ProjectSockets.Benchmarks.LoadTest.Orchestrator;

/// <summary>What a run measures; the defaults are the documented full run, <c>--quick</c> a smoke run.</summary>
internal sealed record Settings
{
    public int Rounds { get; init; } = 3;

    public IReadOnlyList<string> Scenarios { get; init; } = [Scenario.Saturated, Scenario.Paced, Scenario.ManyProjects, Scenario.Idle];

    public IReadOnlyList<string> Servers { get; init; } = Worker.ServerKind.All;

    public int Workers { get; init; } = 4;

    public int Clients { get; init; } = 1000;

    public int EventBytes { get; init; } = 256;

    public int SaturatedEvents { get; init; } = 300;

    public int PacedEvents { get; init; } = 1000;

    public double PacedRate { get; init; } = 100;

    public int ManyProjects { get; init; } = 100;

    public int ManyProjectsEvents { get; init; } = 3000;

    public int IdleFirst { get; init; } = 5000;

    public int IdleSecond { get; init; } = 10_000;

    public TimeSpan IdleSettle { get; init; } = TimeSpan.FromSeconds(12);

    public TimeSpan IdleWindow { get; init; } = TimeSpan.FromSeconds(15);

    public bool Quick { get; init; }

    /// <summary>Gets whether servers sample their allocations by type and the run prints the top ones per scenario.</summary>
    public bool SampleAllocations { get; init; }

    public static Settings From(Arguments arguments)
    {
        var quick = arguments.Has("quick");
        var settings = quick
            ? new Settings
            {
                Quick = true,
                Rounds = 1,
                SaturatedEvents = 100,
                PacedEvents = 200,
                ManyProjectsEvents = 1000,
                IdleFirst = 1000,
                IdleSecond = 2000,
                IdleSettle = TimeSpan.FromSeconds(3),
                IdleWindow = TimeSpan.FromSeconds(5),
            }
            : new Settings();

        var scenario = arguments.Get("scenario", "all");
        return settings with
        {
            Rounds = arguments.GetInt("rounds", settings.Rounds),
            Scenarios = scenario == "all" ? settings.Scenarios : scenario.Split(','),
            Servers = arguments.Has("servers") ? arguments.Get("servers", string.Empty).Split(',') : settings.Servers,
            Workers = arguments.GetInt("workers", settings.Workers),
            Clients = arguments.GetInt("clients", settings.Clients),
            PacedEvents = arguments.GetInt("paced-events", settings.PacedEvents),
            SampleAllocations = arguments.Has("sample-allocations"),
        };
    }
}

/// <summary>Scenario names, as given to <c>--scenario</c>.</summary>
internal static class Scenario
{
    public const string Saturated = "saturated";
    public const string Paced = "paced";
    public const string ManyProjects = "many";
    public const string Idle = "idle";
}
