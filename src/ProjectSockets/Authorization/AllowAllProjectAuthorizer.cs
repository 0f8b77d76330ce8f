using Microsoft.Extensions.Logging;

namespace ProjectSockets;

/// <summary>The default authorizer: allows everything, and says so once in the log.</summary>
internal sealed class AllowAllProjectAuthorizer : IProjectAuthorizer
{
    public AllowAllProjectAuthorizer(ILogger<AllowAllProjectAuthorizer>? logger = null)
    {
        if (logger is not null)
        {
            ProjectSocketsLog.AllowAllAuthorizer(logger);
        }
    }

    public ValueTask<bool> CanSubscribeAsync(ConnectionRequest request, string project, CancellationToken cancellationToken = default)
        => ValueTask.FromResult(true);

    public ValueTask<bool> CanInvokeAsync(ConnectionRequest request, string command, string? project, CancellationToken cancellationToken = default)
        => ValueTask.FromResult(true);
}
