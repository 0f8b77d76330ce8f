using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace ProjectSockets.Tests.DependencyInjection;

public sealed class ProjectSocketsBuilderExtensionsTests
{
    [Fact]
    public void AddCommand_ReturnsTheBuilder()
    {
        var builder = new ServiceCollection().AddProjectSockets();

        Assert.Same(builder, builder.AddCommand<Args, int>("sync", (_, _) => 1));
        Assert.Same(builder, builder.AddCommand<Args, int>("async", (_, _, _) => ValueTask.FromResult(1)));
        Assert.Same(builder, builder.AddCommand<Handler>("class"));
    }

    [Theory]
    [InlineData("")]
    [InlineData("start task")]
    [InlineData("start_task*")]
    [InlineData("tâche")]
    public void AddCommand_WithInvalidName_ThrowsAtOnce(string name)
    {
        var builder = new ServiceCollection().AddProjectSockets();

        var exception = Assert.Throws<ArgumentException>(() => builder.AddCommand<Args, int>(name, (_, _) => 1));

        Assert.Equal("name", exception.ParamName);
    }

    [Fact]
    public void AddCommand_WithNameOver64Characters_ThrowsAtOnce()
        => Assert.Throws<ArgumentException>(() => new ServiceCollection().AddProjectSockets().AddCommand<Handler>(new string('c', 65)));

    [Fact]
    public void AddCommand_WithClassThatIsNoHandler_ThrowsNamingTheCommand()
    {
        var exception = Assert.Throws<ArgumentException>(() => new ServiceCollection().AddProjectSockets().AddCommand<Args>("not_a_handler"));

        Assert.Contains("not_a_handler", exception.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("subscribe")]
    [InlineData("unsubscribe")]
    public void BuiltInName_IsRejectedAtStartup_NamingTheCommand(string name)
    {
        var services = new ServiceCollection();
        services.AddProjectSockets().AddCommand<Args, int>(name, (_, _) => 1);
        using var provider = services.BuildServiceProvider();

        var exception = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());

        Assert.Contains($"'{name}'", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void DuplicateName_IsRejectedAtStartup_NamingTheCommand()
    {
        var services = new ServiceCollection();
        services.AddProjectSockets().AddCommand<Args, int>("start_task", (_, _) => 1).AddCommand<Handler>("start_task");
        using var provider = services.BuildServiceProvider();

        var exception = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());

        Assert.Contains("'start_task'", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void DuplicateName_IsRejectedWhenTheManagerIsResolved()
    {
        var services = new ServiceCollection();
        services.AddProjectSockets().AddCommand<Args, int>("start_task", (_, _) => 1);
        services.AddProjectSockets().AddCommand<Args, int>("start_task", (_, _) => 2);
        using var provider = services.BuildServiceProvider();

        var exception = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IWebSocketManager>());

        Assert.Contains("'start_task'", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void DistinctNames_PassStartupValidation()
    {
        var services = new ServiceCollection();
        services.AddProjectSockets().AddCommand<Args, int>("a", (_, _) => 1).AddCommand<Handler>("b");
        using var provider = services.BuildServiceProvider();

        provider.GetRequiredService<IStartupValidator>().Validate();

        Assert.Equal(["a", "b"], provider.GetRequiredService<CommandRegistry>().Names.Order(StringComparer.Ordinal));
    }

    public sealed record Args(int Value);

    public sealed class Handler : ICommandHandler<Args, int>
    {
        public ValueTask<int> HandleAsync(Args args, CommandContext context, CancellationToken cancellationToken) => ValueTask.FromResult(args.Value);
    }
}
