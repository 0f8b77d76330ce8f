namespace ProjectSockets;

/// <summary>The lifecycle hooks the host registered through the builder (options: configured once per registration).</summary>
internal sealed class ConnectionLifecycleHooks
{
    public List<(ConnectionLifecycleEventKind Kind, Func<ConnectionLifecycleEvent, CancellationToken, ValueTask> Handler)> Handlers { get; } = [];
}
