namespace ProjectSockets;

/// <summary>
/// A project's state at the moment a subscription takes effect: its position and, when the subscriber resumes, the
/// events it missed.
/// </summary>
/// <param name="Position">The project's latest seq and epoch, and whether the subscriber resumed.</param>
/// <param name="Replay">The events after the subscriber's <c>since</c>, in order, when <c>Recovered</c>; otherwise empty.</param>
public readonly record struct ProjectAttachment(SubscriptionPosition Position, IReadOnlyList<ProjectEvent> Replay);
