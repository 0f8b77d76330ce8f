using System.Text.Json;
using System.Text.Json.Serialization;

namespace AotConsoleHost;

/// <summary>The arguments of <c>echo</c>.</summary>
/// <param name="Text">The text to send back.</param>
internal sealed record EchoArgs(string? Text);

/// <summary>The result of <c>echo</c>.</summary>
/// <param name="Text">The text that was sent.</param>
/// <param name="ConnectionId">The connection that sent it.</param>
internal sealed record EchoResult(string? Text, string ConnectionId);

/// <summary>The data of the <c>echoed</c> event.</summary>
/// <param name="Text">The text that was echoed.</param>
internal sealed record Echoed(string? Text);

/// <summary>The JSON contracts of the sample, generated at compile time (camelCase, as the web defaults).</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(EchoArgs))]
[JsonSerializable(typeof(EchoResult))]
[JsonSerializable(typeof(Echoed))]
internal sealed partial class AppJsonContext : JsonSerializerContext;
