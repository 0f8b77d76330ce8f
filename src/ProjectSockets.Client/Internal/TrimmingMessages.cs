namespace ProjectSockets.Client.Internal;

/// <summary>The message of the reflection-based overloads' trimming and AOT attributes.</summary>
internal static class TrimmingMessages
{
    /// <summary>What the reflection-based JSON overloads need, and the trim-safe alternative.</summary>
    public const string Reflection
        = "Reads or writes JSON with reflection, which trimming may break and Native AOT cannot always do. "
        + "Use the overload that takes a JsonTypeInfo<T> (from a JsonSerializerContext) instead.";
}
