namespace ProjectSockets;

/// <summary>The messages of the reflection-based overloads' trimming and AOT attributes.</summary>
internal static class TrimmingMessages
{
    /// <summary>What the reflection-based JSON overloads need, and the trim-safe alternative.</summary>
    public const string Reflection
        = "Serializes with reflection over the runtime type, which trimming may break and Native AOT cannot always do. "
        + "Use the overload that takes a JsonTypeInfo<T> (from a JsonSerializerContext) instead.";

    /// <summary>What registering a handler class by its type needs, and the trim-safe alternative.</summary>
    public const string HandlerType
        = "Finds ICommandHandler<TArgs, TResult> by reflection and serializes with reflection. "
        + "Use AddCommand<THandler, TArgs, TResult>(name, argsTypeInfo, resultTypeInfo) instead.";
}
