namespace ProjectSockets.Specification.Tests;

/// <summary>Refuses every project whose id starts with <c>secret</c>, for subscribing and for commands.</summary>
public sealed class ConformanceAuthorizer : IProjectAuthorizer
{
    /// <summary>The prefix of refused projects.</summary>
    public const string RefusedPrefix = "secret";

    /// <inheritdoc />
    public ValueTask<bool> CanSubscribeAsync(ConnectionRequest request, string project, CancellationToken cancellationToken = default)
        => ValueTask.FromResult(!IsRefused(project));

    /// <inheritdoc />
    public ValueTask<bool> CanInvokeAsync(ConnectionRequest request, string command, string? project, CancellationToken cancellationToken = default)
        => ValueTask.FromResult(!IsRefused(project));

    private static bool IsRefused(string? project) => project?.StartsWith(RefusedPrefix, StringComparison.Ordinal) == true;
}
