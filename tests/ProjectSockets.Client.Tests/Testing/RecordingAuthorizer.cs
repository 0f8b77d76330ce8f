using System.Collections.Concurrent;
using System.Runtime.CompilerServices;

namespace ProjectSockets.Client.Tests.Testing;

/// <summary>
/// Records the <c>Authorization</c> header of every accepted upgrade with a route project (the core asks about the
/// route project once per handshake), and can refuse route projects (403 at the upgrade) or any subscription, or throw.
/// </summary>
internal sealed class RecordingAuthorizer : IProjectAuthorizer
{
    private readonly ConditionalWeakTable<ConnectionRequest, object> _seen = [];

    public ConcurrentQueue<string?> Authorizations { get; } = new();

    /// <summary>Gets or sets whether route projects are refused, so that upgrades are answered 403.</summary>
    public bool RefuseRoute { get; set; }

    /// <summary>Gets or sets a project whose subscriptions are refused.</summary>
    public string? RefuseProject { get; set; }

    /// <summary>
    /// Gets or sets a test of each subscribe (route projects included): when it returns true the authorizer throws, as
    /// one whose backing service is briefly unreachable would, and the server answers <c>handler_error</c>.
    /// </summary>
    public Func<string, bool>? ThrowOnSubscribe { get; set; }

    public ValueTask<bool> CanSubscribeAsync(ConnectionRequest request, string project, CancellationToken cancellationToken = default)
    {
        if (ThrowOnSubscribe?.Invoke(project) == true)
        {
            throw new InvalidOperationException("The authorization service is unreachable (test).");
        }

        if (project == request.RouteProject && _seen.TryAdd(request, new object()))
        {
            if (RefuseRoute)
            {
                return ValueTask.FromResult(false);
            }

            Authorizations.Enqueue(request.Headers.TryGetValue("Authorization", out var value) ? value : null);
        }

        return ValueTask.FromResult(project != RefuseProject);
    }

    public ValueTask<bool> CanInvokeAsync(ConnectionRequest request, string command, string? project, CancellationToken cancellationToken = default)
        => ValueTask.FromResult(true);
}
