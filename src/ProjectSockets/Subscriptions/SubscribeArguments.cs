using System.Text.Json;

namespace ProjectSockets;

/// <summary>The arguments of the built-in <c>subscribe</c>: <c>events</c>, <c>since</c>, <c>epoch</c>, <c>presence</c>, all optional.</summary>
internal sealed record SubscribeArguments(EventFilter Filter, long? Since, string? Epoch, bool Presence = false)
{
    /// <summary>Reads the arguments, or the error code and message they earn.</summary>
    public static (SubscribeArguments? Arguments, string? Code, string? Message) Read(byte[]? args)
    {
        if (args is null)
        {
            return (new(EventFilter.All, null, null), null, null);
        }

        using var document = JsonDocument.Parse(args);
        try
        {
            return Read(document.RootElement);
        }
        catch (InvalidOperationException)
        {
            // A name or string escaping a lone surrogate cannot be read as .NET text.
            return Invalid("'args' holds text that is not valid UTF-16.");
        }
    }

    private static (SubscribeArguments? Arguments, string? Code, string? Message) Read(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            return Invalid("'args' must be an object.");
        }

        var filter = EventFilter.All;
        long? since = null;
        string? epoch = null;
        var presence = false;
        foreach (var property in root.EnumerateObject())
        {
            var value = property.Value;
            if (value.ValueKind == JsonValueKind.Null)
            {
                continue;
            }

            switch (property.Name)
            {
                case "events":
                    var (parsed, code, message) = ReadFilter(value);
                    if (parsed is null)
                    {
                        return (null, code, message);
                    }

                    filter = parsed;
                    break;
                case "since":
                    if (value.ValueKind != JsonValueKind.Number || !value.TryGetInt64(out var number) || number < 0)
                    {
                        return Invalid("'since' must be a non-negative integer.");
                    }

                    since = number;
                    break;
                case "epoch":
                    if (value.ValueKind != JsonValueKind.String)
                    {
                        return Invalid("'epoch' must be a string.");
                    }

                    epoch = value.GetString();
                    break;
                case "presence":
                    if (value.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
                    {
                        return Invalid("'presence' must be a boolean.");
                    }

                    presence = value.GetBoolean();
                    break;
            }
        }

        return (new(filter, since, epoch, presence), null, null);
    }

    private static (EventFilter? Filter, string? Code, string? Message) ReadFilter(JsonElement value)
    {
        if (value.ValueKind != JsonValueKind.Array)
        {
            return (null, ProtocolErrorCodes.InvalidArgs, "'events' must be an array of strings.");
        }

        var count = value.GetArrayLength();
        if (count == 0)
        {
            return (null, ProtocolErrorCodes.InvalidArgs, "'events' must not be empty; omit it to receive every event.");
        }

        if (count > EventFilter.MaxPatterns)
        {
            return (null, ProtocolErrorCodes.LimitExceeded, $"At most {EventFilter.MaxPatterns} event patterns are allowed.");
        }

        var patterns = new List<string>(count);
        foreach (var item in value.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.String)
            {
                return (null, ProtocolErrorCodes.InvalidArgs, "'events' must be an array of strings.");
            }

            var pattern = item.GetString()!;
            if (!EventFilter.IsValidPattern(pattern))
            {
                return (null, ProtocolErrorCodes.BadRequest, "An event pattern breaks the naming rules.");
            }

            patterns.Add(pattern);
        }

        return (EventFilter.Create(patterns), null, null);
    }

    private static (SubscribeArguments?, string?, string?) Invalid(string message) => (null, ProtocolErrorCodes.InvalidArgs, message);
}
