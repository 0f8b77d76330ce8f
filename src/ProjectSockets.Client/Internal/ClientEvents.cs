using Microsoft.Extensions.Logging;

namespace ProjectSockets.Client.Internal;

/// <summary>
/// The client's public events: the parts raise them here, with the client as sender. A handler that throws is logged
/// and does not disturb the part that raised the event.
/// </summary>
/// <param name="sender">The client, passed to every handler.</param>
/// <param name="logger">Where a failing handler is logged.</param>
internal sealed class ClientEvents(object sender, ILogger logger)
{
    public event EventHandler<ProjectSocketsStateChangedEventArgs>? StateChanged;

    public event EventHandler<ProjectSocketsRecoveryFailedEventArgs>? RecoveryFailed;

    public event EventHandler<ProjectSocketsSubscriptionFailedEventArgs>? SubscriptionFailed;

    public void RaiseStateChanged(ProjectSocketsStateChangedEventArgs args) => Raise(StateChanged, args, nameof(StateChanged));

    public void RaiseRecoveryFailed(ProjectSocketsRecoveryFailedEventArgs args) => Raise(RecoveryFailed, args, nameof(RecoveryFailed));

    public void RaiseSubscriptionFailed(ProjectSocketsSubscriptionFailedEventArgs args) => Raise(SubscriptionFailed, args, nameof(SubscriptionFailed));

    private void Raise<TArgs>(EventHandler<TArgs>? handler, TArgs args, string name)
    {
        try
        {
            handler?.Invoke(sender, args);
        }
        catch (Exception exception)
        {
            ProjectSocketsClientLog.ClientEventHandlerFailed(logger, name, exception);
        }
    }
}
