namespace ProjectSockets.Specification.Tests;

/// <summary>Throws for every project whose id starts with <c>boom</c>, on subscribe and on commands; allows the rest.</summary>
public sealed class ThrowingAuthorizer : IProjectAuthorizer
{
    /// <summary>The prefix of projects the authorizer throws for.</summary>
    public const string ThrowingPrefix = "boom";

    /// <inheritdoc />
    public ValueTask<bool> CanSubscribeAsync(ConnectionRequest request, string project, CancellationToken cancellationToken = default)
        => Decide(project);

    /// <inheritdoc />
    public ValueTask<bool> CanInvokeAsync(ConnectionRequest request, string command, string? project, CancellationToken cancellationToken = default)
        => Decide(project);

    private static ValueTask<bool> Decide(string? project)
        => project?.StartsWith(ThrowingPrefix, StringComparison.Ordinal) == true
            ? throw new InvalidOperationException(ConformanceCommands.SecretExceptionText)
            : ValueTask.FromResult(true);
}
