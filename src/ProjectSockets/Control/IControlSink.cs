namespace ProjectSockets;

/// <summary>Runs control commands on this node's connections. The manager is the sink.</summary>
public interface IControlSink
{
    /// <summary>Runs a command on this node's connections.</summary>
    /// <param name="command">The command, already checked by the node that sent it.</param>
    /// <param name="cancellationToken">Stops waiting (for a disconnect to complete, for a subscription's store).</param>
    /// <returns>How many of this node's connections it affected.</returns>
    ValueTask<int> ExecuteAsync(ControlCommand command, CancellationToken cancellationToken = default);
}
