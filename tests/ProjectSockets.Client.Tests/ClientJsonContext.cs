using System.Text.Json.Serialization;

namespace ProjectSockets.Client.Tests;

/// <summary>The arguments of a test command, named snake_case by <see cref="ClientJsonContext"/>.</summary>
/// <param name="TaskTitle">The title.</param>
internal sealed record SnakeArgs(string? TaskTitle);

/// <summary>The result of a test command and the data of a test event.</summary>
/// <param name="TaskId">The id.</param>
/// <param name="TaskTitle">The title.</param>
internal sealed record SnakeResult(string TaskId, string? TaskTitle);

/// <summary>
/// Contracts generated at compile time with a snake_case policy: the client and the server's options are camelCase,
/// so a value read or written through reflection would show up with the wrong names.
/// </summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(SnakeArgs))]
[JsonSerializable(typeof(SnakeResult))]
internal sealed partial class ClientJsonContext : JsonSerializerContext;
