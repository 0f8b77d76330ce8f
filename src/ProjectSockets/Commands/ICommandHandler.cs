namespace ProjectSockets;

/// <summary>
/// A command handler class, resolved from a new DI scope for each invocation. Register it with
/// <c>builder.AddCommand&lt;THandler&gt;("name")</c>.
/// </summary>
/// <typeparam name="TArgs">The type <c>args</c> is deserialized into (System.Text.Json).</typeparam>
/// <typeparam name="TResult">The type of the result's <c>data</c>.</typeparam>
public interface ICommandHandler<in TArgs, TResult>
{
    /// <summary>Runs the command.</summary>
    /// <param name="args">The command's arguments; an absent <c>args</c> is read as <c>{}</c>.</param>
    /// <param name="context">Who sent the command, and about which project.</param>
    /// <param name="cancellationToken">Cancelled when the command times out or the connection ends.</param>
    /// <returns>The result's <c>data</c>.</returns>
    /// <exception cref="CommandException">The command fails with the host's own error code.</exception>
    ValueTask<TResult> HandleAsync(TArgs args, CommandContext context, CancellationToken cancellationToken);
}
