using System.Text.Json;

namespace ProjectSockets.Client;

/// <summary>The answer to a command, with how it was obtained.</summary>
public sealed class ProjectSocketsCommandResult
{
    internal ProjectSocketsCommandResult(JsonElement data, bool replayed, int attempts)
    {
        Data = data;
        Replayed = replayed;
        Attempts = attempts;
    }

    /// <summary>Gets the result's data (<see cref="JsonValueKind.Undefined"/> when the result has none).</summary>
    public JsonElement Data { get; }

    /// <summary>
    /// Gets whether the server answered with the remembered outcome of an earlier copy of this command: the handler ran
    /// once, for a copy whose answer was lost with its connection, and not for the copy that got this answer.
    /// </summary>
    public bool Replayed { get; }

    /// <summary>Gets how many times the command was sent: 1, plus one for each reconnect it was sent again after.</summary>
    public int Attempts { get; }
}
