// Follows one project in the terminal: prints each of its events once and in order, reconnecting and resuming
// whenever the connection drops.
//
//   dotnet run --project docs/samples/ProjectFollower -- ws://localhost:5180/ws/p1 [--token TOKEN]
using ProjectSockets.Client;

if (args.Length == 0 || !Uri.TryCreate(args[0], UriKind.Absolute, out var url))
{
    Console.Error.WriteLine("Usage: ProjectFollower ws://host:port/ws/{project} [--token TOKEN]");
    return 2;
}

var token = args.SkipWhile(a => a != "--token").Skip(1).FirstOrDefault();
var options = new ProjectSocketsClientOptions { Url = url };
if (token is not null)
{
    options.AccessTokenProvider = _ => ValueTask.FromResult<string?>(token);
}

using var stop = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    stop.Cancel();
};

await using var client = new ProjectSocketsClient(options);
client.StateChanged += (_, e) => Console.Error.WriteLine(e.CloseCode is { } code
    ? $"-- {e.State} (close {code}: {e.CloseReason})"
    : $"-- {e.State}{(e.Exception is null ? string.Empty : $" ({e.Exception.Message})")}");
client.RecoveryFailed += (_, e) => Console.Error.WriteLine(
    $"-- {e.Project}: events after #{e.LastSeq} up to #{e.Seq} are gone{(e.EpochChanged ? " (the server lost its history)" : string.Empty)}; reload the project");

// The URL's project (/ws/{project}) is subscribed for the client's lifetime; "*" matches every event name.
using var printer = client.On("*", evt =>
    Console.WriteLine($"{evt.Time:HH:mm:ss.fff} {evt.Project} #{evt.Seq} {evt.Name} {evt.Data.GetRawText()}"));

// The first connection is retried here; once connected, the client reconnects by itself.
while (!stop.IsCancellationRequested)
{
    try
    {
        await client.ConnectAsync(stop.Token);
        break;
    }
    catch (ProjectSocketsConnectionException exception) when (exception.StatusCode is not (400 or 401 or 403))
    {
        Console.Error.WriteLine($"-- cannot connect yet ({exception.InnerException?.Message ?? exception.Message}); retrying in 2 s");
        await Task.Delay(TimeSpan.FromSeconds(2), stop.Token).ContinueWith(_ => { }, TaskScheduler.Default);
    }
}

// Runs until Ctrl+C, or until the server ends the connection in a way that forbids a retry.
var stopped = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
client.StateChanged += (_, e) =>
{
    if (e.State == ProjectSocketsClientState.Disconnected)
    {
        stopped.TrySetResult();
    }
};
if (client.State == ProjectSocketsClientState.Disconnected)
{
    stopped.TrySetResult();
}

await Task.WhenAny(stopped.Task, Task.Delay(Timeout.Infinite, stop.Token));
return 0;
