namespace ProjectSockets;

/// <summary>The default <see cref="IControlBus"/>: one node, so a command runs on this node's sink alone.</summary>
internal sealed class InMemoryControlBus : IControlBus
{
    private IControlSink? _sink;

    public void RegisterSink(IControlSink sink)
    {
        ArgumentNullException.ThrowIfNull(sink);
        if (Interlocked.CompareExchange(ref _sink, sink, null) is not null)
        {
            throw new InvalidOperationException("A sink is already registered with this control bus.");
        }
    }

    public ValueTask<int> SendAsync(ControlCommand command, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(command);

        // No manager yet means no connection yet: nothing to affect.
        return Volatile.Read(ref _sink) is { } sink ? sink.ExecuteAsync(command, cancellationToken) : ValueTask.FromResult(0);
    }
}
