using System.Text.Json.Serialization;

namespace ProjectSockets.Client.Internal;

/// <summary>The arguments of the <c>history</c> built-in; an absent value is left out.</summary>
internal sealed record HistoryArgs(long? Since, string? Epoch, int? Limit);

/// <summary>The client's own argument contracts, generated at build time: no reflection, safe to trim.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(HistoryArgs))]
internal sealed partial class ClientArgumentsContext : JsonSerializerContext;
