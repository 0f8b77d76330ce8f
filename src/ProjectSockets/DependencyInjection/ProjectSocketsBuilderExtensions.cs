using System.Diagnostics.CodeAnalysis;
using System.Text.Json.Serialization.Metadata;
using ProjectSockets;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the host's commands.</summary>
public static class ProjectSocketsBuilderExtensions
{
    /// <summary>Registers an asynchronous command handler; its arguments and result are read and written by reflection.</summary>
    /// <typeparam name="TArgs">The type <c>args</c> is deserialized into.</typeparam>
    /// <typeparam name="TResult">The type of the result's <c>data</c>.</typeparam>
    /// <param name="builder">The builder.</param>
    /// <param name="name">The command name (1 to 64 of <c>A-Z a-z 0-9 . _ : -</c>).</param>
    /// <param name="handler">The handler.</param>
    /// <returns>The builder.</returns>
    [RequiresUnreferencedCode(TrimmingMessages.Reflection)]
    [RequiresDynamicCode(TrimmingMessages.Reflection)]
    public static IProjectSocketsBuilder AddCommand<TArgs, TResult>(this IProjectSocketsBuilder builder, string name, Func<TArgs, CommandContext, CancellationToken, ValueTask<TResult>> handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        return Add(builder, name, () => CommandRegistration.FromDelegate(name, handler));
    }

    /// <summary>Registers a synchronous command handler; its arguments and result are read and written by reflection.</summary>
    /// <typeparam name="TArgs">The type <c>args</c> is deserialized into.</typeparam>
    /// <typeparam name="TResult">The type of the result's <c>data</c>.</typeparam>
    /// <param name="builder">The builder.</param>
    /// <param name="name">The command name (1 to 64 of <c>A-Z a-z 0-9 . _ : -</c>).</param>
    /// <param name="handler">The handler.</param>
    /// <returns>The builder.</returns>
    [RequiresUnreferencedCode(TrimmingMessages.Reflection)]
    [RequiresDynamicCode(TrimmingMessages.Reflection)]
    public static IProjectSocketsBuilder AddCommand<TArgs, TResult>(this IProjectSocketsBuilder builder, string name, Func<TArgs, CommandContext, TResult> handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        return Add(builder, name, () => CommandRegistration.FromDelegate<TArgs, TResult>(name, (args, context, _) => ValueTask.FromResult(handler(args, context))));
    }

    /// <summary>
    /// Registers a handler class implementing <see cref="ICommandHandler{TArgs, TResult}"/>, resolved from a new DI
    /// scope for each invocation (registered or not: constructor dependencies come from the scope).
    /// </summary>
    /// <typeparam name="THandler">The handler class.</typeparam>
    /// <param name="builder">The builder.</param>
    /// <param name="name">The command name (1 to 64 of <c>A-Z a-z 0-9 . _ : -</c>).</param>
    /// <returns>The builder.</returns>
    [RequiresUnreferencedCode(TrimmingMessages.HandlerType)]
    [RequiresDynamicCode(TrimmingMessages.HandlerType)]
    public static IProjectSocketsBuilder AddCommand<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.Interfaces)] THandler>(this IProjectSocketsBuilder builder, string name)
        where THandler : class
        => Add(builder, name, () => CommandRegistration.FromHandlerType(name, typeof(THandler)));

    /// <summary>
    /// Registers an asynchronous command handler whose arguments and result are read and written with the given
    /// contracts (for example from a <c>JsonSerializerContext</c>): no reflection, safe in trimmed and Native AOT apps.
    /// </summary>
    /// <typeparam name="TArgs">The type <c>args</c> is deserialized into.</typeparam>
    /// <typeparam name="TResult">The type of the result's <c>data</c>.</typeparam>
    /// <param name="builder">The builder.</param>
    /// <param name="name">The command name (1 to 64 of <c>A-Z a-z 0-9 . _ : -</c>).</param>
    /// <param name="argsTypeInfo">The contract <c>args</c> is read with.</param>
    /// <param name="resultTypeInfo">The contract the result's <c>data</c> is written with.</param>
    /// <param name="handler">The handler.</param>
    /// <returns>The builder.</returns>
    public static IProjectSocketsBuilder AddCommand<TArgs, TResult>(
        this IProjectSocketsBuilder builder, string name, JsonTypeInfo<TArgs> argsTypeInfo, JsonTypeInfo<TResult> resultTypeInfo, Func<TArgs, CommandContext, CancellationToken, ValueTask<TResult>> handler)
    {
        ArgumentNullException.ThrowIfNull(argsTypeInfo);
        ArgumentNullException.ThrowIfNull(resultTypeInfo);
        ArgumentNullException.ThrowIfNull(handler);
        return Add(builder, name, () => CommandRegistration.FromDelegate(name, argsTypeInfo, resultTypeInfo, handler));
    }

    /// <summary>
    /// Registers a synchronous command handler whose arguments and result are read and written with the given
    /// contracts: no reflection, safe in trimmed and Native AOT apps.
    /// </summary>
    /// <typeparam name="TArgs">The type <c>args</c> is deserialized into.</typeparam>
    /// <typeparam name="TResult">The type of the result's <c>data</c>.</typeparam>
    /// <param name="builder">The builder.</param>
    /// <param name="name">The command name (1 to 64 of <c>A-Z a-z 0-9 . _ : -</c>).</param>
    /// <param name="argsTypeInfo">The contract <c>args</c> is read with.</param>
    /// <param name="resultTypeInfo">The contract the result's <c>data</c> is written with.</param>
    /// <param name="handler">The handler.</param>
    /// <returns>The builder.</returns>
    public static IProjectSocketsBuilder AddCommand<TArgs, TResult>(
        this IProjectSocketsBuilder builder, string name, JsonTypeInfo<TArgs> argsTypeInfo, JsonTypeInfo<TResult> resultTypeInfo, Func<TArgs, CommandContext, TResult> handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        return builder.AddCommand(name, argsTypeInfo, resultTypeInfo, (args, context, _) => ValueTask.FromResult(handler(args, context)));
    }

    /// <summary>
    /// Registers a handler class, resolved from a new DI scope for each invocation, whose arguments and result are
    /// read and written with the given contracts: no reflection, safe in trimmed and Native AOT apps.
    /// </summary>
    /// <typeparam name="THandler">The handler class.</typeparam>
    /// <typeparam name="TArgs">The type <c>args</c> is deserialized into.</typeparam>
    /// <typeparam name="TResult">The type of the result's <c>data</c>.</typeparam>
    /// <param name="builder">The builder.</param>
    /// <param name="name">The command name (1 to 64 of <c>A-Z a-z 0-9 . _ : -</c>).</param>
    /// <param name="argsTypeInfo">The contract <c>args</c> is read with.</param>
    /// <param name="resultTypeInfo">The contract the result's <c>data</c> is written with.</param>
    /// <returns>The builder.</returns>
    public static IProjectSocketsBuilder AddCommand<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)] THandler, TArgs, TResult>(
        this IProjectSocketsBuilder builder, string name, JsonTypeInfo<TArgs> argsTypeInfo, JsonTypeInfo<TResult> resultTypeInfo)
        where THandler : class, ICommandHandler<TArgs, TResult>
    {
        ArgumentNullException.ThrowIfNull(argsTypeInfo);
        ArgumentNullException.ThrowIfNull(resultTypeInfo);
        return Add(builder, name, () => CommandRegistration.FromHandler<THandler, TArgs, TResult>(name, argsTypeInfo, resultTypeInfo));
    }

    private static IProjectSocketsBuilder Add(IProjectSocketsBuilder builder, string name, Func<CommandRegistration> create)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(name);
        if (!ProtocolNames.IsValidName(name))
        {
            throw new ArgumentException($"Command name '{name}' breaks the naming rules: 1 to 64 of A-Z a-z 0-9 . _ : -", nameof(name));
        }

        var registration = create();
        builder.Services.Configure<CommandRegistryOptions>(options => options.Commands.Add(registration));
        return builder;
    }
}
