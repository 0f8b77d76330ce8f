using System.Runtime.CompilerServices;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace ProjectSockets.AspNetCore;

/// <summary>
/// Shuts the manager down when the application starts stopping. The host raises
/// <see cref="IHostApplicationLifetime.ApplicationStopping"/> before it stops the server, and the server waits for
/// running requests, so every client gets <c>disconnected</c> and close 1001 before the process goes away.
/// </summary>
internal static class ProjectSocketsShutdown
{
    // One hook per manager, however many endpoints are mapped over it.
    private static readonly ConditionalWeakTable<IWebSocketManager, object> s_registered = [];

    public static void Register(IHostApplicationLifetime lifetime, IWebSocketManager manager, ILogger logger)
    {
        if (!s_registered.TryAdd(manager, lifetime))
        {
            return;
        }

        lifetime.ApplicationStopping.Register(() => _ = ShutdownAsync(manager, logger));
    }

    private static async Task ShutdownAsync(IWebSocketManager manager, ILogger logger)
    {
        try
        {
            await manager.ShutdownAsync().ConfigureAwait(false);
        }
        catch (Exception exception)
        {
            ProjectSocketsAspNetCoreLog.ShutdownFailed(logger, exception);
        }
    }
}
