namespace ProjectSockets.Tests.Commands;

public sealed class CommandExceptionTests
{
    [Fact]
    public void Constructor_WithValidCode_KeepsCodeAndMessage()
    {
        var exception = new CommandException("task_not_found", "No task t9.");

        Assert.Equal("task_not_found", exception.Code);
        Assert.Equal("No task t9.", exception.Message);
    }

    [Theory]
    [InlineData("Task_Not_Found")]
    [InlineData("task-not-found")]
    [InlineData("")]
    public void Constructor_WithInvalidCode_Throws(string code)
        => Assert.Throws<ArgumentException>(() => new CommandException(code, "message"));

    [Fact]
    public void Constructor_WithMessageOnly_UsesHandlerError()
        => Assert.Equal("handler_error", new CommandException("Something went wrong.").Code);

    [Fact]
    public void Constructor_WithInnerException_UsesHandlerErrorAndKeepsCause()
    {
        var cause = new IOException();

        var exception = new CommandException("Lookup failed.", cause);

        Assert.Equal("handler_error", exception.Code);
        Assert.Same(cause, exception.InnerException);
    }
}
