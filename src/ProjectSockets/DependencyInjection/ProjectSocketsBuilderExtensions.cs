using ProjectSockets;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the host's commands.</summary>
public static class ProjectSocketsBuilderExtensions
{
    /// <summary>Registers an asynchronous command handler.</summary>
    /// <typeparam name="TArgs">The type <c>args</c> is deserialized into.</typeparam>
    /// <typeparam name="TResult">The type of the result's <c>data</c>.</typeparam>
    /// <param name="builder">The builder.</param>
    /// <param name="name">The command name (1 to 64 of <c>A-Z a-z 0-9 . _ : -</c>).</param>
    /// <param name="handler">The handler.</param>
    /// <returns>The builder.</returns>
    public static IProjectSocketsBuilder AddCommand<TArgs, TResult>(this IProjectSocketsBuilder builder, string name, Func<TArgs, CommandContext, CancellationToken, ValueTask<TResult>> handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        return Add(builder, name, () => CommandRegistration.FromDelegate(name, handler));
    }

    /// <summary>Registers a synchronous command handler.</summary>
    /// <typeparam name="TArgs">The type <c>args</c> is deserialized into.</typeparam>
    /// <typeparam name="TResult">The type of the result's <c>data</c>.</typeparam>
    /// <param name="builder">The builder.</param>
    /// <param name="name">The command name (1 to 64 of <c>A-Z a-z 0-9 . _ : -</c>).</param>
    /// <param name="handler">The handler.</param>
    /// <returns>The builder.</returns>
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
    public static IProjectSocketsBuilder AddCommand<THandler>(this IProjectSocketsBuilder builder, string name)
        where THandler : class
        => Add(builder, name, () => CommandRegistration.FromHandlerType(name, typeof(THandler)));

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
