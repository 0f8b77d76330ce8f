namespace AgentDashboard;

/// <summary>The sample's log messages.</summary>
internal static partial class SampleLog
{
    [LoggerMessage(EventId = 10001, EventName = "Listening", Level = LogLevel.Information,
        Message = "AgentDashboard is listening on {Address}: open it in a browser.")]
    public static partial void Listening(ILogger logger, string address);

    [LoggerMessage(EventId = 10002, EventName = "TaskStarted", Level = LogLevel.Information,
        Message = "Task {TaskId} started on project {Project}.")]
    public static partial void TaskStarted(ILogger logger, string taskId, string project);

    [LoggerMessage(EventId = 10003, EventName = "TaskCancelled", Level = LogLevel.Information,
        Message = "Task {TaskId} on project {Project} was cancelled.")]
    public static partial void TaskCancelled(ILogger logger, string taskId, string project);

    [LoggerMessage(EventId = 10004, EventName = "TaskFailed", Level = LogLevel.Error,
        Message = "Task {TaskId} on project {Project} failed.")]
    public static partial void TaskFailed(ILogger logger, string taskId, string project, Exception exception);

    [LoggerMessage(EventId = 1006, EventName = "NoPublishKey", Level = LogLevel.Warning,
        Message = "Sample:PublishKey is not set: the publish endpoint (POST /api/projects/<projectId>/events) accepts only private projects' tokens. Set a long random key to publish to any project.")]
    public static partial void NoPublishKey(ILogger logger);
}
