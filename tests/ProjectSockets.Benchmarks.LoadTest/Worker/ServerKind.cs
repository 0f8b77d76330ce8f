namespace ProjectSockets.Benchmarks.LoadTest.Worker;

/// <summary>The three servers and how a client reaches a project on each.</summary>
internal static class ServerKind
{
    public const string ProjectSockets = "projectsockets";
    public const string SignalR = "signalr";
    public const string Raw = "raw";

    public static readonly string[] All = [ProjectSockets, SignalR, Raw];

    public static Uri ProjectUri(string kind, int port, string project) => kind switch
    {
        ProjectSockets => new Uri($"ws://127.0.0.1:{port}/ws/{project}"),

        // Straight to the WebSocket, as SignalR clients do with skipNegotiation when only WebSockets is enabled.
        SignalR => new Uri($"ws://127.0.0.1:{port}/hub?project={project}"),
        _ => new Uri($"ws://127.0.0.1:{port}/raw/{project}"),
    };

    public static string Display(string kind) => kind switch
    {
        ProjectSockets => "ProjectSockets",
        SignalR => "SignalR",
        _ => "Raw WebSocket",
    };
}
