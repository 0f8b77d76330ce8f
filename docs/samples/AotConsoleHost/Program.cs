// A Native AOT console server on HttpListener: no reflection, every JSON contract source-generated.
// It answers the 'echo' command and publishes an 'echoed' event to the project the command names.
//   dotnet publish docs/samples/AotConsoleHost -c Release -r linux-x64
//   ./AotConsoleHost http://127.0.0.1:5182/        (then connect to ws://127.0.0.1:5182/ws)
// It prints "listening <url>" when it is up and stops gracefully when its standard input closes or on Ctrl+C.
using AotConsoleHost;
using Microsoft.Extensions.DependencyInjection;
using ProjectSockets;

var prefix = args.Length > 0 ? args[0] : "http://127.0.0.1:5182/";

var services = new ServiceCollection();
services.AddLogging();
await using var host = services.AddProjectSockets()
    .AddCommand(
        "echo",
        AppJsonContext.Default.EchoArgs,
        AppJsonContext.Default.EchoResult,
        async (EchoArgs echo, CommandContext context, CancellationToken cancellationToken) =>
        {
            if (context.Project is { } project)
            {
                var publisher = context.Services.GetRequiredService<IProjectEventPublisher>();
                await publisher.PublishAsync(project, "echoed", new Echoed(echo.Text), AppJsonContext.Default.Echoed, cancellationToken);
            }

            return new EchoResult(echo.Text, context.ConnectionId);
        })
    .AddHttpListenerHost(o => o.Prefixes.Add(prefix))
    .BuildHttpListenerHost(s => s.BuildServiceProvider());

await host.StartAsync();
Console.WriteLine($"listening {host.WebSocketUrls[0]}");

var ctrlC = new TaskCompletionSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    ctrlC.TrySetResult();
};

// Standard input closing (the parent process ending it) also stops the server.
var stdinClosed = Task.Run(() => Console.In.ReadToEnd());
await Task.WhenAny(stdinClosed, ctrlC.Task);
await host.StopAsync();
Console.WriteLine("stopped");
