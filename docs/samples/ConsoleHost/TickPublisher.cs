using Microsoft.Extensions.Hosting;
using ProjectSockets;

namespace ConsoleHost;

/// <summary>Publishes a <c>tick</c> event to project <c>demo</c> every second, timed by the registered <see cref="TimeProvider"/>.</summary>
internal sealed class TickPublisher(IProjectEventPublisher publisher, TimeProvider timeProvider) : BackgroundService
{
    public const string Project = "demo";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1), timeProvider);
        long count = 0;
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                count++;
                await publisher.PublishAsync(Project, "tick", new { count, time = timeProvider.GetUtcNow() }, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // The application is stopping.
        }
    }
}
