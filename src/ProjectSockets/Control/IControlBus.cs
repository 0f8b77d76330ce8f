namespace ProjectSockets;

/// <summary>
/// The scale-out seam of <see cref="IProjectSocketsControl"/>: carries a control command to every node (this one
/// included) and adds up what each node's sink reports. The default runs it on this node only; a backplane package
/// replaces exactly this service.
/// </summary>
public interface IControlBus
{
    /// <summary>Registers this node's sink. Called once by the manager.</summary>
    /// <param name="sink">The sink that runs commands on this node.</param>
    void RegisterSink(IControlSink sink);

    /// <summary>Runs a command on every node and adds up how many connections it affected.</summary>
    /// <param name="command">The command.</param>
    /// <param name="cancellationToken">Stops waiting for the nodes' answers.</param>
    /// <returns>How many connections were affected on the nodes that answered in time.</returns>
    ValueTask<int> SendAsync(ControlCommand command, CancellationToken cancellationToken = default);
}
