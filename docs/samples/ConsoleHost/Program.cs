// A console application that serves ProjectSockets on HttpListener, with no ASP.NET Core:
// it publishes a 'tick' event to project 'demo' every second and answers the 'echo' command.
//   dotnet run --project docs/samples/ConsoleHost [-- --Prefix http://127.0.0.1:6000/]
using ConsoleHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using ProjectSockets;

var builder = Host.CreateApplicationBuilder(args);
var prefix = builder.Configuration["Prefix"] ?? "http://127.0.0.1:5181/";

builder.Services.AddProjectSockets()
    .AddCommand<EchoArgs, EchoResult>("echo", (args, context) => new EchoResult(args.Text, context.ConnectionId))
    .AddHttpListenerHost(o => o.Prefixes.Add(prefix));

// Registered after the listener: it starts once the listener is up and stops before the listener closes.
builder.Services.AddHostedService<TickPublisher>();

using var app = builder.Build();
await app.StartAsync();

var url = $"{app.Services.GetRequiredService<ProjectSocketsHttpListenerHost>().WebSocketUrls[0]}/{TickPublisher.Project}";
const string EchoExample = """{"type":"command","id":"1","command":"echo","args":{"text":"hello"}}""";
Console.WriteLine($"""

    ProjectSockets is listening on {url}
    It publishes a 'tick' event to project '{TickPublisher.Project}' every second and answers 'echo'.

    Connect with any WebSocket client, for example:
      websocat {url}
    then send:
      {EchoExample}

    Press Ctrl+C to stop: every client gets 'disconnected' and close 1001.

    """);

await app.WaitForShutdownAsync();
