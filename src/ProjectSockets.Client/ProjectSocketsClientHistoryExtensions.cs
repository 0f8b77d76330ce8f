using System.Text.Json;
using ProjectSockets.Client.Internal;

namespace ProjectSockets.Client;

/// <summary>Reads a project's history without subscribing, through the built-in <c>history</c> command.</summary>
public static class ProjectSocketsClientHistoryExtensions
{
    /// <summary>
    /// Reads the events after <paramref name="since"/> (oldest first), or, without it, the last
    /// <paramref name="limit"/> events of <paramref name="project"/>. The server authorizes it as a subscribe. Events
    /// read this way go to no handler and no subscription.
    /// </summary>
    /// <param name="client">The connected client.</param>
    /// <param name="project">The project id.</param>
    /// <param name="since">Read after this seq; <see langword="null"/> for the last events.</param>
    /// <param name="epoch">The epoch <paramref name="since"/> belongs to, or <see langword="null"/> for the current one.</param>
    /// <param name="limit">The most events: 1 to 1,000; the server's default (100) when <see langword="null"/>.</param>
    /// <param name="cancellationToken">Stops waiting for the answer.</param>
    /// <returns>The page.</returns>
    /// <exception cref="ProjectSocketsCommandException">
    /// The server refused: <c>forbidden</c>, <c>invalid_args</c> (a negative since, an epoch without since, a limit
    /// out of range) or <c>handler_error</c> (the store could not be read).
    /// </exception>
    /// <exception cref="ProjectSocketsConnectionException">Not connected, or the connection was lost before the answer.</exception>
    public static async Task<ProjectHistoryPage> ReadHistoryAsync(
        this ProjectSocketsClient client,
        string project,
        long? since = null,
        string? epoch = null,
        int? limit = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(project);
        var args = new HistoryArgs(since, epoch, limit);
        var data = await client.InvokeAsync("history", args, ClientArgumentsContext.Default.HistoryArgs, project, cancellationToken).ConfigureAwait(false);
        var serializerOptions = client.Settings.JsonSerializerOptions;
        var events = new List<ProjectSocketsEvent>();
        foreach (var message in data.GetProperty("events").EnumerateArray())
        {
            events.Add(new ProjectSocketsEvent(
                message.GetProperty("project").GetString(),
                message.GetProperty("event").GetString()!,
                message.GetProperty("seq").GetInt64(),
                message.GetProperty("epoch").GetString(),
                message.GetProperty("time").GetDateTimeOffset(),
                message.TryGetProperty("data", out var eventData) ? eventData.Clone() : default,
                serializerOptions));
        }

        return new ProjectHistoryPage(
            data.GetProperty("project").GetString()!,
            data.GetProperty("seq").GetInt64(),
            data.GetProperty("epoch").GetString()!,
            data.GetProperty("complete").GetBoolean(),
            data.GetProperty("more").GetBoolean(),
            events);
    }
}
