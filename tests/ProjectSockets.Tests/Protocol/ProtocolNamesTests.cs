namespace ProjectSockets.Tests.Protocol;

public sealed class ProtocolNamesTests
{
    [Theory]
    [InlineData("p1")]
    [InlineData("P1")]
    [InlineData("A-Z.a_z:0-9")]
    [InlineData("...")]
    [InlineData("x")]
    public void IsValidProject_WithAllowedCharacters_ReturnsTrue(string project)
        => Assert.True(ProtocolNames.IsValidProject(project));

    [Theory]
    [InlineData("")]
    [InlineData(".")]
    [InlineData("..")]
    [InlineData("p 1")]
    [InlineData("p/1")]
    [InlineData("p%31")]
    [InlineData("é")]
    [InlineData("p1\n")]
    public void IsValidProject_WithForbiddenValue_ReturnsFalse(string project)
        => Assert.False(ProtocolNames.IsValidProject(project));

    [Fact]
    public void IsValidProject_At128Characters_ReturnsTrue()
        => Assert.True(ProtocolNames.IsValidProject(new string('p', 128)));

    [Fact]
    public void IsValidProject_At129Characters_ReturnsFalse()
        => Assert.False(ProtocolNames.IsValidProject(new string('p', 129)));

    [Theory]
    [InlineData("task_started")]
    [InlineData("agent.output:v2-1")]
    [InlineData(".")]
    public void IsValidName_WithAllowedCharacters_ReturnsTrue(string name)
        => Assert.True(ProtocolNames.IsValidName(name));

    [Theory]
    [InlineData("")]
    [InlineData("task started")]
    [InlineData("task*")]
    [InlineData("tâche")]
    public void IsValidName_WithForbiddenValue_ReturnsFalse(string name)
        => Assert.False(ProtocolNames.IsValidName(name));

    [Fact]
    public void IsValidName_At64Characters_ReturnsTrue()
        => Assert.True(ProtocolNames.IsValidName(new string('n', 64)));

    [Fact]
    public void IsValidName_At65Characters_ReturnsFalse()
        => Assert.False(ProtocolNames.IsValidName(new string('n', 65)));

    [Theory]
    [InlineData("17")]
    [InlineData("any text, with spaces / and ünïcode")]
    [InlineData("\n")]
    public void IsValidCommandId_WithAnyNonEmptyString_ReturnsTrue(string id)
        => Assert.True(ProtocolNames.IsValidCommandId(id));

    [Fact]
    public void IsValidCommandId_WithEmptyString_ReturnsFalse()
        => Assert.False(ProtocolNames.IsValidCommandId(string.Empty));

    [Fact]
    public void IsValidCommandId_CountsUtf16CodeUnits()
    {
        // 32 emoji are 64 UTF-16 code units: allowed; one more code unit is not.
        var emoji = string.Concat(Enumerable.Repeat("😀", 32));

        Assert.True(ProtocolNames.IsValidCommandId(emoji));
        Assert.False(ProtocolNames.IsValidCommandId(emoji + "x"));
    }

    [Theory]
    [InlineData("task_not_found")]
    [InlineData("e404")]
    [InlineData("_")]
    public void IsValidErrorCode_WithLowercaseDigitsAndUnderscore_ReturnsTrue(string code)
        => Assert.True(ProtocolNames.IsValidErrorCode(code));

    [Theory]
    [InlineData("")]
    [InlineData("Task_Not_Found")]
    [InlineData("task-not-found")]
    [InlineData("task.not")]
    public void IsValidErrorCode_WithOtherCharacters_ReturnsFalse(string code)
        => Assert.False(ProtocolNames.IsValidErrorCode(code));

    [Fact]
    public void IsValidErrorCode_Over64Characters_ReturnsFalse()
    {
        Assert.True(ProtocolNames.IsValidErrorCode(new string('e', 64)));
        Assert.False(ProtocolNames.IsValidErrorCode(new string('e', 65)));
    }
}
