namespace ProjectSockets.Benchmarks.LoadTest.Server;

/// <summary>ProjectSockets through its ASP.NET Core adapter: clients connect to <c>/ws/{project}</c>.</summary>
public static class ProjectSocketsBenchServer
{
    public static void Configure(WebApplicationBuilder builder)
    {
        builder.Services.AddProjectSockets(options =>
        {
            // The same cadence as SignalR's defaults: keep-alive every 15 s, a client is dead after 30 s.
            options.Heartbeat.Interval = TimeSpan.FromSeconds(15);
            options.Heartbeat.Timeout = TimeSpan.FromSeconds(30);
        });
        builder.Services.AddSingleton<IBenchServer, Publisher>();
    }

    public static void Map(WebApplication app) => app.MapProjectSockets();

    private sealed class Publisher(IProjectEventPublisher publisher, IWebSocketManager manager) : IBenchServer
    {
        public int Connections => manager.ConnectionCount;

        public async ValueTask PublishAsync(string project, BenchEvent benchEvent)
            => await publisher.PublishAsync(project, "e", benchEvent);
    }
}
