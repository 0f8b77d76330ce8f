using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Primitives;

namespace ProjectSockets.AspNetCore;

/// <summary>
/// Answers <c>GET</c> history reads: the route project, <c>since</c>, <c>epoch</c> and <c>limit</c> from the query;
/// authorized as a subscribe is; the answer's <c>data</c> is what the <c>history</c> command returns.
/// </summary>
internal sealed class ProjectSocketsHistoryEndpoint(IProjectHistory history, IProjectAuthorizer authorizer, ILogger logger)
{
    public async Task HandleAsync(HttpContext context)
    {
        var project = context.GetRouteValue(ProjectSocketsEndpointRouteBuilderExtensions.ProjectRouteValue) as string;
        if (project is null || !ProtocolNames.IsValidProject(project))
        {
            await ProblemAsync(context, StatusCodes.Status400BadRequest, "Invalid project id", "A project id is 1 to 128 of A-Z a-z 0-9 . _ : -, not '.' or '..'.").ConfigureAwait(false);
            return;
        }

        var (query, problem) = ReadQuery(context.Request.Query);
        if (query is null)
        {
            await ProblemAsync(context, StatusCodes.Status400BadRequest, "Invalid query", problem!).ConfigureAwait(false);
            return;
        }

        HistoryPage page;
        try
        {
            if (!await authorizer.CanSubscribeAsync(ConnectionRequestFactory.Create(context), project, context.RequestAborted).ConfigureAwait(false))
            {
                await ProblemAsync(context, StatusCodes.Status403Forbidden, "Forbidden", "Not allowed to read this project.").ConfigureAwait(false);
                return;
            }

            page = await history.ReadAsync(project, query, context.RequestAborted).ConfigureAwait(false);
        }
        catch (Exception exception) when (!context.RequestAborted.IsCancellationRequested)
        {
            ProjectSocketsAspNetCoreLog.HistoryReadFailed(logger, project, exception);
            await ProblemAsync(context, StatusCodes.Status503ServiceUnavailable, "History unavailable", "The history could not be read now; try again.").ConfigureAwait(false);
            return;
        }

        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.ContentType = "application/json; charset=utf-8";
        var writer = new Utf8JsonWriter(context.Response.BodyWriter);
        await using (writer.ConfigureAwait(false))
        {
            WritePage(writer, page);
            await writer.FlushAsync(context.RequestAborted).ConfigureAwait(false);
        }
    }

    /// <summary>Writes a page as the <c>history</c> command's data: position, flags and the events as subscribers get them.</summary>
    internal static void WritePage(Utf8JsonWriter writer, HistoryPage page)
    {
        writer.WriteStartObject();
        writer.WriteString("project"u8, page.Project);
        writer.WriteNumber("seq"u8, page.Seq);
        writer.WriteString("epoch"u8, page.Epoch);
        writer.WriteBoolean("complete"u8, page.Complete);
        writer.WriteBoolean("more"u8, page.HasMore);
        writer.WriteStartArray("events"u8);
        foreach (var projectEvent in page.Events)
        {
            writer.WriteRawValue(projectEvent.Message.Span, skipInputValidation: true);
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    /// <summary>Reads <c>since</c>, <c>epoch</c> and <c>limit</c>; each at most once.</summary>
    internal static (HistoryQuery? Query, string? Problem) ReadQuery(IQueryCollection query)
    {
        long? since = null;
        string? epoch = null;
        var limit = HistoryQuery.DefaultLimit;
        if (Single(query, "since", out var sinceText) is { } sinceProblem)
        {
            return (null, sinceProblem);
        }

        if (sinceText is not null)
        {
            if (!long.TryParse(sinceText, NumberStyles.None, CultureInfo.InvariantCulture, out var value))
            {
                return (null, "'since' must be a non-negative integer.");
            }

            since = value;
        }

        if (Single(query, "epoch", out epoch) is { } epochProblem)
        {
            return (null, epochProblem);
        }

        if (Single(query, "limit", out var limitText) is { } limitProblem)
        {
            return (null, limitProblem);
        }

        if (limitText is not null && (!int.TryParse(limitText, NumberStyles.None, CultureInfo.InvariantCulture, out limit) || limit is < 1 or > HistoryQuery.MaxLimit))
        {
            return (null, $"'limit' must be an integer between 1 and {HistoryQuery.MaxLimit}.");
        }

        if (epoch is not null && since is null)
        {
            return (null, "'epoch' needs 'since'.");
        }

        return (new HistoryQuery(since, epoch, limit), null);
    }

    private static string? Single(IQueryCollection query, string name, out string? value)
    {
        value = null;
        if (!query.TryGetValue(name, out StringValues values))
        {
            return null;
        }

        if (values.Count != 1)
        {
            return $"'{name}' must be given once.";
        }

        value = values[0];
        return null;
    }

    private static Task ProblemAsync(HttpContext context, int status, string title, string detail)
        => Results.Problem(statusCode: status, title: title, detail: detail).ExecuteAsync(context);
}
