using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR;

namespace ProjectSockets.Benchmarks.LoadTest.Server;

/// <summary>
/// ASP.NET Core SignalR, JSON protocol, WebSockets transport only: clients connect to <c>/hub?project=…</c> and are
/// added to the project's group; a broadcast is a group send.
/// </summary>
public static class SignalRBenchServer
{
    private static int s_connections;

    public static void Configure(WebApplicationBuilder builder)
    {
        builder.Services.AddSignalR(options =>
        {
            options.KeepAliveInterval = TimeSpan.FromSeconds(15);
            options.ClientTimeoutInterval = TimeSpan.FromSeconds(30);
        });
        builder.Services.AddSingleton<IBenchServer, Publisher>();
    }

    public static void Map(WebApplication app)
        => app.MapHub<BenchHub>("/hub", options => options.Transports = HttpTransportType.WebSockets);

    public sealed class BenchHub : Hub
    {
        public override async Task OnConnectedAsync()
        {
            var project = Context.GetHttpContext()?.Request.Query["project"].ToString();
            await Groups.AddToGroupAsync(Context.ConnectionId, string.IsNullOrEmpty(project) ? "p0" : project);
            Interlocked.Increment(ref s_connections);
        }

        public override Task OnDisconnectedAsync(Exception? exception)
        {
            Interlocked.Decrement(ref s_connections);
            return Task.CompletedTask;
        }
    }

    private sealed class Publisher(IHubContext<BenchHub> hub) : IBenchServer
    {
        public int Connections => Volatile.Read(ref s_connections);

        public ValueTask PublishAsync(string project, BenchEvent benchEvent)
            => new(hub.Clients.Group(project).SendAsync("e", benchEvent));
    }
}
