using System.Text.Json.Serialization;

namespace ProjectSockets.Client.Internal;

/// <summary>The arguments of the <c>history</c> built-in; an absent value is left out.</summary>
internal sealed record HistoryArgs(long? Since, string? Epoch, int? Limit);

/// <summary>The arguments of the <c>refresh</c> built-in.</summary>
internal sealed record RefreshArgs(string Token);

/// <summary>The client's own argument contracts, generated at build time: no reflection, safe to trim.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(HistoryArgs))]
[JsonSerializable(typeof(RefreshArgs))]
internal sealed partial class ClientArgumentsContext : JsonSerializerContext;
