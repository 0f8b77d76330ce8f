using Microsoft.Extensions.DependencyInjection;

namespace ProjectSockets.Specification.Tests;

/// <summary>The commands every conformance host registers, each reaching one outcome of the protocol.</summary>
public static class ConformanceCommands
{
    /// <summary>Answers its text and the command's project (synchronous).</summary>
    public const string Echo = "echo";

    /// <summary>Takes an integer <c>count</c>: anything else is <c>invalid_args</c>.</summary>
    public const string Count = "count";

    /// <summary>Fails with the host's own code <c>task_not_found</c>.</summary>
    public const string Fail = "fail";

    /// <summary>Throws an exception whose text must never reach the client.</summary>
    public const string Crash = "crash";

    /// <summary>Never finishes on its own: ends only by the command timeout.</summary>
    public const string Hang = "hang";

    /// <summary>Publishes <c>task_started</c> to the command's project and answers its seq.</summary>
    public const string Publish = "publish";

    /// <summary>The text <see cref="Crash"/> throws with.</summary>
    public const string SecretExceptionText = "connection string Password=hunter2";

    /// <summary>Registers every conformance command.</summary>
    /// <param name="builder">The builder.</param>
    public static void Register(IProjectSocketsBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder
            .AddCommand<EchoArgs, EchoResult>(Echo, (args, context) => new EchoResult(args.Text, context.Project))
            .AddCommand<CountArgs, int>(Count, (args, _) => args.Count)
            .AddCommand<EchoArgs, EchoResult>(Fail, (args, _) => throw new CommandException("task_not_found", "Task 42 was not found."))
            .AddCommand<EchoArgs, EchoResult>(Crash, (args, _) => throw new InvalidOperationException(SecretExceptionText))
            .AddCommand<EchoArgs, EchoResult>(Hang, async (args, _, cancellationToken) =>
            {
                await new TaskCompletionSource().Task.WaitAsync(cancellationToken);
                return new EchoResult(args.Text, null);
            })
            .AddCommand<EchoArgs, long>(Publish, async (args, context, cancellationToken) =>
            {
                var publisher = context.Services.GetRequiredService<IProjectEventPublisher>();
                var published = await publisher.PublishAsync(context.Project!, "task_started", new { text = args.Text }, cancellationToken);
                return published.Seq;
            });
    }

    /// <summary>The arguments of most conformance commands.</summary>
    /// <param name="Text">Any text.</param>
    public sealed record EchoArgs(string? Text);

    /// <summary>What <see cref="Echo"/> answers.</summary>
    /// <param name="Text">The text it was given.</param>
    /// <param name="Project">The command's project.</param>
    public sealed record EchoResult(string? Text, string? Project);

    /// <summary>The arguments of <see cref="Count"/>.</summary>
    /// <param name="Count">An integer.</param>
    public sealed record CountArgs(int Count);
}
