using System.Text.Json;
using Microsoft.Extensions.Logging;

namespace ProjectSockets;

/// <summary>
/// What the manager's parts report about a connection (opened, ended, subscribed, left a project), turned into the
/// host's lifecycle hooks (queued, see <see cref="LifecycleDispatcher"/>) and into presence: members joining and
/// leaving, announced to the project's subscribers that asked for it. Never blocks and never throws.
/// </summary>
internal sealed class ConnectionEvents(
    LifecycleDispatcher hooks,
    IPresenceStore presence,
    IPresenceInfoProvider? infoProvider,
    ProjectSocketsOptions options,
    ILogger logger) : IPresenceSink
{
    /// <summary>Gets or sets the fan-out whose subscribers hear joins and leaves (set once, right after both exist).</summary>
    public ProjectFanout? Fanout { get; set; }

    public void Connected(ConnectionState state)
    {
        if (hooks.Wants(ConnectionLifecycleEventKind.Connected))
        {
            hooks.Raise(new ConnectionLifecycleEvent(ConnectionLifecycleEventKind.Connected, state.Id, state.Request, hooks.Now));
        }
    }

    public void Disconnected(ConnectionState state)
    {
        if (hooks.Wants(ConnectionLifecycleEventKind.Disconnected))
        {
            hooks.Raise(new ConnectionLifecycleEvent(ConnectionLifecycleEventKind.Disconnected, state.Id, state.Request, hooks.Now)
            {
                CloseCode = state.CloseCode,
                CloseReason = state.Close?.Reason ?? string.Empty,
            });
        }
    }

    /// <summary>A new subscription.</summary>
    public void Subscribed(ConnectionState state, string project)
    {
        if (hooks.Wants(ConnectionLifecycleEventKind.Subscribed))
        {
            hooks.Raise(new ConnectionLifecycleEvent(ConnectionLifecycleEventKind.Subscribed, state.Id, state.Request, hooks.Now) { Project = project });
        }

        if (presence.IsEnabled(project))
        {
            var member = new PresenceMember(state.Id, state.Request.UserId, state.Heartbeat.OpenedAt, GetInfo(state, project));
            presence.Join(project, member);
        }
    }

    /// <summary>A subscription ended.</summary>
    public void Unsubscribed(ConnectionState state, string project)
    {
        if (hooks.Wants(ConnectionLifecycleEventKind.Unsubscribed))
        {
            hooks.Raise(new ConnectionLifecycleEvent(ConnectionLifecycleEventKind.Unsubscribed, state.Id, state.Request, hooks.Now) { Project = project });
        }

        if (presence.IsEnabled(project))
        {
            presence.Leave(project, state.Id);
        }
    }

    /// <summary>Tells this node's subscribers of the project that asked, except the member itself.</summary>
    public void Announce(string type, string project, PresenceMember member)
    {
        byte[]? notice = null;
        foreach (var subscriber in Fanout?.GetSubscribers(project) ?? [])
        {
            if (subscriber.Presence && !string.Equals(subscriber.Connection.Id, member.ConnectionId, StringComparison.Ordinal))
            {
                notice ??= PresenceWriter.Notice(type, project, member);
                subscriber.Connection.TryEnqueue(notice);
            }
        }
    }

    private JsonElement? GetInfo(ConnectionState state, string project)
    {
        if (infoProvider is null)
        {
            return null;
        }

        try
        {
            return infoProvider.GetInfo(state.Request, project) is { } info
                ? JsonSerializer.SerializeToElement(info, info.GetType(), options.JsonSerializerOptions)
                : null;
        }
        catch (Exception exception)
        {
            // The host's code: the member joins without info rather than not at all.
            ProjectSocketsLog.PresenceInfoFailed(logger, project, state.Id, exception);
            return null;
        }
    }
}
