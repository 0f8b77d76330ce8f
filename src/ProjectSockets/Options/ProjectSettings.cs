namespace ProjectSockets;

/// <summary>
/// The settings that apply to one project once its namespace is resolved
/// (<see cref="ProjectSocketsOptions.GetProjectSettings"/>).
/// </summary>
/// <param name="HistoryMaxEvents">The most events kept in its history.</param>
/// <param name="HistoryMaxBytes">The most encoded bytes kept in its history.</param>
/// <param name="HistoryMaxAge">The age after which an event leaves its history.</param>
/// <param name="IdempotencyWindow">How long a publish id is remembered.</param>
public readonly record struct ProjectSettings(int HistoryMaxEvents, long HistoryMaxBytes, TimeSpan HistoryMaxAge, TimeSpan IdempotencyWindow);
