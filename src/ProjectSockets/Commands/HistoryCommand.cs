using Microsoft.Extensions.Logging;
using static ProjectSockets.CommandDispatcher;

namespace ProjectSockets;

/// <summary>
/// The built-in <c>history</c>: reads a project's history without subscribing, authorized exactly like
/// <c>subscribe</c>. The answer holds at most a quarter of the send queue's bytes (and at least one event); when it
/// stops short, <c>more</c> is true and the client reads on from the last seq it got.
/// </summary>
internal sealed class HistoryCommand(ProjectSocketsOptions options, IProjectAuthorizer authorizer, IProjectEventStore store, ILogger logger)
{
    private readonly long _maxAnswerBytes = Math.Max(1, options.SendQueue.MaxBytes / 4);

    public async Task ReadAsync(ConnectionState state, InboundMessage message)
    {
        if (message.Project is not { } project)
        {
            Fail(state, message.Id, ProtocolErrorCodes.BadRequest, "'history' needs a project.");
            return;
        }

        var (query, problem) = HistoryArguments.Read(message.Args);
        if (query is null || problem is not null)
        {
            Fail(state, message.Id, ProtocolErrorCodes.InvalidArgs, problem ?? "'args' are not valid.");
            return;
        }

        try
        {
            if (!await authorizer.CanSubscribeAsync(state.Request, project, state.Lifetime.Token).ConfigureAwait(false))
            {
                Fail(state, message.Id, ProtocolErrorCodes.Forbidden, "Not allowed to read this project.");
                return;
            }

            var page = await store.ReadHistoryAsync(project, query, state.Lifetime.Token).ConfigureAwait(false);
            if (message.Id is null)
            {
                // Nothing to answer: a read without id has no result to carry its events.
                return;
            }

            var (count, cut) = Fit(page);
            state.TryEnqueue(ProtocolWriter.HistoryResult(message.Id, page, count, cut || page.HasMore));
        }
        catch (Exception exception) when (!state.Lifetime.IsCancellationRequested)
        {
            // As for subscribe: the authorizer and the store may fail; that fails this command, not the connection.
            ProjectSocketsLog.HistoryReadFailed(logger, project, state.Id, exception);
            Fail(state, message.Id, ProtocolErrorCodes.HandlerError, "The history could not be read now; try again.");
        }
    }

    /// <summary>How many of the page's events fit the answer's byte budget (at least one), and whether some were left out.</summary>
    private (int Count, bool Cut) Fit(HistoryPage page)
    {
        long bytes = 0;
        for (var i = 0; i < page.Events.Count; i++)
        {
            bytes += page.Events[i].Message.Length;
            if (bytes > _maxAnswerBytes && i > 0)
            {
                return (i, true);
            }
        }

        return (page.Events.Count, false);
    }
}
