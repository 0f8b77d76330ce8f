namespace ProjectSockets.Client;

/// <summary>A page of a project's history, as the built-in <c>history</c> command answers it.</summary>
/// <param name="Project">The project.</param>
/// <param name="Seq">The project's latest seq when it was read (0 when it has none).</param>
/// <param name="Epoch">The project's epoch: pass it with the next read's <c>since</c>.</param>
/// <param name="Complete">
/// Whether nothing of the asked range is missing, as <c>recovered</c> means for a resume; when false, the events are
/// what history still holds and the application should reload its state.
/// </param>
/// <param name="More">Whether newer events exist after the last one returned: read again from its seq.</param>
/// <param name="Events">The events, oldest first.</param>
public sealed record ProjectHistoryPage(string Project, long Seq, string Epoch, bool Complete, bool More, IReadOnlyList<ProjectSocketsEvent> Events);
