using ProjectSockets;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>
/// Registers the host's lifecycle hooks. Hooks never run on a receive loop or on the publish path: the manager queues
/// each event (at most 10000 waiting; beyond that new events are dropped and logged) and one loop runs the hooks, one
/// event at a time, in the order the events happened. A hook that throws is logged; nothing is closed. A hook that
/// takes long only delays the hooks after it. The token passed to a hook is cancelled when the manager is disposed.
/// </summary>
public static class ProjectSocketsLifecycleBuilderExtensions
{
    /// <summary>Runs <paramref name="hook"/> when a connection is accepted (before its welcome).</summary>
    /// <param name="builder">The builder.</param>
    /// <param name="hook">The hook.</param>
    /// <returns>The builder.</returns>
    public static IProjectSocketsBuilder OnConnected(this IProjectSocketsBuilder builder, Func<ConnectionLifecycleEvent, CancellationToken, ValueTask> hook)
        => Add(builder, ConnectionLifecycleEventKind.Connected, hook);

    /// <summary>
    /// Runs <paramref name="hook"/> when a connection has ended and left every index, with its close code and reason
    /// (<see cref="ConnectionLifecycleEvent.CloseCode"/>, <see cref="ConnectionLifecycleEvent.CloseReason"/>).
    /// </summary>
    /// <param name="builder">The builder.</param>
    /// <param name="hook">The hook.</param>
    /// <returns>The builder.</returns>
    public static IProjectSocketsBuilder OnDisconnected(this IProjectSocketsBuilder builder, Func<ConnectionLifecycleEvent, CancellationToken, ValueTask> hook)
        => Add(builder, ConnectionLifecycleEventKind.Disconnected, hook);

    /// <summary>Runs <paramref name="hook"/> when a connection subscribes to a project it did not follow (the route project too).</summary>
    /// <param name="builder">The builder.</param>
    /// <param name="hook">The hook.</param>
    /// <returns>The builder.</returns>
    public static IProjectSocketsBuilder OnSubscribed(this IProjectSocketsBuilder builder, Func<ConnectionLifecycleEvent, CancellationToken, ValueTask> hook)
        => Add(builder, ConnectionLifecycleEventKind.Subscribed, hook);

    /// <summary>Runs <paramref name="hook"/> when a connection leaves a project: it unsubscribed, or it ended while subscribed.</summary>
    /// <param name="builder">The builder.</param>
    /// <param name="hook">The hook.</param>
    /// <returns>The builder.</returns>
    public static IProjectSocketsBuilder OnUnsubscribed(this IProjectSocketsBuilder builder, Func<ConnectionLifecycleEvent, CancellationToken, ValueTask> hook)
        => Add(builder, ConnectionLifecycleEventKind.Unsubscribed, hook);

    private static IProjectSocketsBuilder Add(IProjectSocketsBuilder builder, ConnectionLifecycleEventKind kind, Func<ConnectionLifecycleEvent, CancellationToken, ValueTask> hook)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(hook);
        builder.Services.Configure<ConnectionLifecycleHooks>(hooks => hooks.Handlers.Add((kind, hook)));
        return builder;
    }
}
