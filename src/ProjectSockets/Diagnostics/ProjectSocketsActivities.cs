using System.Diagnostics;

namespace ProjectSockets;

/// <summary>
/// The core's <see cref="ActivitySource"/>, <c>ProjectSockets</c>: a span for each publish (a child of the caller's,
/// so a host request that publishes shows it) and for each of the host's commands (a trace of its own, linked to the
/// connection's). Nothing is started, and nothing allocated, while nobody listens.
/// </summary>
internal static class ProjectSocketsActivities
{
    /// <summary>The name of the core's activity source.</summary>
    public const string SourceName = "ProjectSockets";

    public const string PublishName = "projectsockets.publish";
    public const string CommandName = "projectsockets.command";

    // Stateless and the same for every manager: activity sources are matched by name, like a logger category.
    private static readonly ActivitySource Source = new(SourceName, typeof(ProjectSocketsActivities).Assembly.GetName().Version?.ToString());

    public static bool IsEnabled => Source.HasListeners();

    /// <summary>Starts the span of a publish, as a child of the caller's current span.</summary>
    public static Activity? StartPublish(string project, string eventName)
    {
        var activity = Source.StartActivity(PublishName, ActivityKind.Producer);
        if (activity is { IsAllDataRequested: true })
        {
            activity.SetTag("projectsockets.project", project);
            activity.SetTag("projectsockets.event.name", eventName);
        }

        return activity;
    }

    /// <summary>
    /// Starts the span of a command as the root of its own trace, linked to the span the connection runs in (on
    /// ASP.NET Core, the WebSocket request's): a connection lives for hours, and one trace per command keeps each
    /// short. Call it from an async method, so that the current span goes back to the connection's afterwards.
    /// </summary>
    public static Activity? StartCommand(string command, string? project)
    {
        if (!Source.HasListeners())
        {
            return null;
        }

        var connection = Activity.Current;
        Activity.Current = null;
        ActivityLink[]? links = connection is null ? null : [new ActivityLink(connection.Context)];
        var activity = Source.StartActivity(ActivityKind.Server, parentContext: default, tags: null, links: links, name: CommandName);
        if (activity is { IsAllDataRequested: true })
        {
            activity.DisplayName = $"{CommandName} {command}";
            activity.SetTag("projectsockets.command.name", command);
            if (project is not null)
            {
                activity.SetTag("projectsockets.project", project);
            }
        }

        return activity;
    }

    /// <summary>Marks a span as failed with a protocol error code.</summary>
    public static void SetError(Activity? activity, string code)
    {
        if (activity is not null)
        {
            activity.SetStatus(ActivityStatusCode.Error, code);
            activity.SetTag("error.type", code);
        }
    }
}
