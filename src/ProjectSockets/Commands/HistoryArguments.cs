using System.Text.Json;

namespace ProjectSockets;

/// <summary>The arguments of the built-in <c>history</c>: <c>since</c>, <c>epoch</c>, <c>limit</c>, all optional.</summary>
internal static class HistoryArguments
{
    /// <summary>Reads the arguments into a query, or the error message they earn (always <c>invalid_args</c>).</summary>
    public static (HistoryQuery? Query, string? Problem) Read(byte[]? args)
    {
        if (args is null)
        {
            return (new HistoryQuery(), null);
        }

        using var document = JsonDocument.Parse(args);
        var root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Object)
        {
            return (default, "'args' must be an object.");
        }

        long? since = null;
        string? epoch = null;
        var limit = HistoryQuery.DefaultLimit;
        foreach (var property in root.EnumerateObject())
        {
            var value = property.Value;
            if (value.ValueKind == JsonValueKind.Null)
            {
                continue;
            }

            switch (property.Name)
            {
                case "since":
                    if (value.ValueKind != JsonValueKind.Number || !value.TryGetInt64(out var number) || number < 0)
                    {
                        return (default, "'since' must be a non-negative integer.");
                    }

                    since = number;
                    break;
                case "epoch":
                    if (value.ValueKind != JsonValueKind.String || !TryGetString(value, out epoch))
                    {
                        return (default, "'epoch' must be a string.");
                    }

                    break;
                case "limit":
                    if (value.ValueKind != JsonValueKind.Number || !value.TryGetInt32(out limit) || limit is < 1 or > HistoryQuery.MaxLimit)
                    {
                        return (default, $"'limit' must be an integer between 1 and {HistoryQuery.MaxLimit}.");
                    }

                    break;
            }
        }

        var query = new HistoryQuery(since, epoch, limit);
        return (query, DefaultProjectHistory.Problem(query));
    }

    private static bool TryGetString(JsonElement value, out string? text)
    {
        try
        {
            text = value.GetString();
            return true;
        }
        catch (InvalidOperationException)
        {
            // A lone surrogate cannot be read as .NET text.
            text = null;
            return false;
        }
    }
}
