namespace ProjectSockets.Benchmarks.LoadTest.Orchestrator;

/// <summary>What a run measures; the defaults are the documented full run, <c>--quick</c> a smoke run.</summary>
internal sealed record Settings
{
    public int Rounds { get; init; } = 5;

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

    /// <summary>Gets whether the server runs with Server GC (ASP.NET Core's default) rather than workstation GC.</summary>
    public bool ServerGc { get; init; } = true;

    /// <summary>
    /// Gets the core the server is pinned to and the cores the client workers are pinned to (<c>taskset</c>), or
    /// nulls when the run does not pin: then the server's CPU figures include competing with its clients.
    /// </summary>
    public (string? Server, string? Clients) Cores { get; init; }

    /// <summary>Gets whether servers sample their allocations by type and the run prints the top ones per scenario.</summary>
    public bool SampleAllocations { get; init; }

    /// <summary>
    /// The server on the first core, the clients on the others (<c>--pin server:clients</c>, for example
    /// <c>--pin 0:1</c>; <c>--pin none</c> turns pinning off). Pinned by default when the machine has two cores or
    /// more and <c>taskset</c> is there.
    /// </summary>
    private static (string?, string?) PickCores(Arguments arguments)
    {
        var pin = arguments.Get("pin", "auto");
        if (pin == "none")
        {
            return (null, null);
        }

        if (pin != "auto")
        {
            var parts = pin.Split(':');
            return (parts[0], parts[1]);
        }

        var count = Environment.ProcessorCount;
        var taskset = Environment.GetEnvironmentVariable("PATH")?.Split(':').Any(d => File.Exists(Path.Combine(d, "taskset"))) == true;
        return count >= 2 && taskset ? ("0", count == 2 ? "1" : FormattableString.Invariant($"1-{count - 1}")) : (null, null);
    }

    /// <summary>How the server process is placed and collected.</summary>
    public Placement ServerPlacement => new(Cores.Server, ServerGc);

    /// <summary>How the client workers are placed: workstation GC, on the clients' cores.</summary>
    public Placement ClientPlacement => new(Cores.Clients, ServerGc: false);

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
            PacedRate = arguments.GetInt("paced-rate", (int)settings.PacedRate),
            ServerGc = arguments.Get("gc", "server") != "workstation",
            Cores = PickCores(arguments),
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
