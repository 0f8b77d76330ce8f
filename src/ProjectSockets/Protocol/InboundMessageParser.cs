using System.Text.Json;

namespace ProjectSockets;

/// <summary>
/// Reads client-to-server messages strictly: one or more JSON objects separated by whitespace in one WebSocket message.
/// </summary>
internal static class InboundMessageParser
{
    private static readonly JsonReaderOptions s_readerOptions = new()
    {
        AllowMultipleValues = true,
        CommentHandling = JsonCommentHandling.Disallow,
        MaxDepth = 64,
    };

    /// <summary>
    /// Parses every message in <paramref name="utf8"/>. At the first value that is not a JSON object the result ends
    /// with one invalid message and the rest is ignored.
    /// </summary>
    public static List<InboundMessage> Parse(ReadOnlySpan<byte> utf8)
    {
        var messages = new List<InboundMessage>(1);
        var reader = new Utf8JsonReader(utf8, isFinalBlock: true, new JsonReaderState(s_readerOptions));
        try
        {
            while (reader.Read())
            {
                if (reader.TokenType != JsonTokenType.StartObject)
                {
                    messages.Add(InboundMessage.Invalid(null, "Each message must be a JSON object."));
                    return messages;
                }

                var message = ReadObject(ref reader, utf8);
                messages.Add(message);
            }
        }
        catch (JsonException)
        {
            messages.Add(InboundMessage.Invalid(null, "The message is not valid JSON."));
        }
        catch (InvalidOperationException)
        {
            // A field name escaping a lone surrogate: it cannot be compared, so the message cannot be read.
            messages.Add(InboundMessage.Invalid(null, "A field name is not valid UTF-16 text."));
        }

        if (messages.Count == 0)
        {
            // Whitespace alone carries no message, and silence would leave the client guessing.
            messages.Add(InboundMessage.Invalid(null, "The message is empty."));
        }

        return messages;
    }

    private static InboundMessage ReadObject(ref Utf8JsonReader reader, ReadOnlySpan<byte> utf8)
    {
        string? type = null, id = null, command = null, project = null;
        byte[]? args = null;
        string? error = null;
        var seen = 0;

        while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
        {
            var field = FieldOf(ref reader);
            reader.Read();
            if (field == Field.Unknown)
            {
                reader.Skip();
                continue;
            }

            if ((seen & (int)field) != 0)
            {
                error ??= "A field appears more than once.";
                reader.Skip();
                continue;
            }

            seen |= (int)field;
            if (reader.TokenType == JsonTokenType.Null)
            {
                continue;
            }

            if (field == Field.Args)
            {
                var start = (int)reader.TokenStartIndex;
                reader.Skip();
                args = utf8[start..(int)reader.BytesConsumed].ToArray();
                continue;
            }

            if (reader.TokenType != JsonTokenType.String)
            {
                error ??= $"Field '{Name(field)}' must be a string.";
                reader.Skip();
                continue;
            }

            if (!TryGetString(ref reader, out var value))
            {
                error ??= $"Field '{Name(field)}' is not valid UTF-16 text.";
                continue;
            }

            switch (field)
            {
                case Field.Type:
                    type = value;
                    break;
                case Field.Id:
                    if (ProtocolNames.IsValidCommandId(value))
                    {
                        id = value;
                    }
                    else
                    {
                        error ??= "Field 'id' must have 1 to 64 characters.";
                    }

                    break;
                case Field.Command:
                    command = value;
                    break;
                case Field.Project:
                    project = value;
                    break;
            }
        }

        if (error is not null)
        {
            return InboundMessage.Invalid(id, error);
        }

        switch (type)
        {
            case null:
                return InboundMessage.Invalid(id, "Field 'type' is missing.");
            case "ping":
                return new(InboundMessageType.Ping, null, null, null, null, null);
            case "pong":
                return new(InboundMessageType.Pong, null, null, null, null, null);
            case "command":
                break;
            default:
                return InboundMessage.Invalid(id, "Unknown message type.");
        }

        if (command is null)
        {
            return InboundMessage.Invalid(id, "Field 'command' is missing.");
        }

        if (!ProtocolNames.IsValidName(command))
        {
            return InboundMessage.Invalid(id, "Field 'command' breaks the naming rules.");
        }

        if (project is not null && !ProtocolNames.IsValidProject(project))
        {
            return InboundMessage.Invalid(id, "Field 'project' breaks the naming rules.");
        }

        return new(InboundMessageType.Command, id, command, project, args, null);
    }

    /// <summary>Reads a string token; false for an escaped lone surrogate, which no .NET string can hold faithfully.</summary>
    private static bool TryGetString(ref Utf8JsonReader reader, out string value)
    {
        try
        {
            value = reader.GetString()!;
            return true;
        }
        catch (InvalidOperationException)
        {
            value = string.Empty;
            return false;
        }
    }

    private static Field FieldOf(ref Utf8JsonReader reader)
    {
        if (reader.ValueTextEquals("type"u8))
        {
            return Field.Type;
        }

        if (reader.ValueTextEquals("id"u8))
        {
            return Field.Id;
        }

        if (reader.ValueTextEquals("command"u8))
        {
            return Field.Command;
        }

        if (reader.ValueTextEquals("project"u8))
        {
            return Field.Project;
        }

        return reader.ValueTextEquals("args"u8) ? Field.Args : Field.Unknown;
    }

    private static string Name(Field field) => field switch
    {
        Field.Type => "type",
        Field.Id => "id",
        Field.Command => "command",
        _ => "project",
    };

    [Flags]
    private enum Field
    {
        Unknown = 0,
        Type = 1,
        Id = 2,
        Command = 4,
        Project = 8,
        Args = 16,
    }
}
