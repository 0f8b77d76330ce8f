namespace ProjectSockets.Tests.Protocol;

public sealed class EventFilterTests
{
    [Fact]
    public void Matches_WithExactName_MatchesOnlyThatName()
    {
        var filter = EventFilter.Create(["gate_running"]);

        Assert.True(filter.Matches("gate_running"));
        Assert.False(filter.Matches("gate_running2"));
        Assert.False(filter.Matches("gate_runnin"));
        Assert.False(filter.Matches("Gate_running"));
    }

    [Fact]
    public void Matches_WithPrefix_MatchesEveryNameStartingWithIt()
    {
        var filter = EventFilter.Create(["agent_*"]);

        Assert.True(filter.Matches("agent_output"));
        Assert.True(filter.Matches("agent_"));
        Assert.False(filter.Matches("agent"));
        Assert.False(filter.Matches("task_started"));
    }

    [Fact]
    public void Matches_WithStar_MatchesEveryName()
    {
        var filter = EventFilter.Create(["gate_running", "*"]);

        Assert.True(filter.Matches("anything"));
        Assert.True(filter.Matches("gate_running"));
    }

    [Fact]
    public void Matches_WithSeveralPatterns_MatchesAny()
    {
        var filter = EventFilter.Create(["task_*", "gate_running", "signal_*"]);

        Assert.True(filter.Matches("task_started"));
        Assert.True(filter.Matches("gate_running"));
        Assert.True(filter.Matches("signal_detected"));
        Assert.False(filter.Matches("agent_output"));
    }

    [Fact]
    public void All_MatchesEveryName()
    {
        Assert.True(EventFilter.All.Matches("x"));
        Assert.Equal(["*"], EventFilter.All.Patterns);
    }

    [Fact]
    public void Create_KeepsPatternsInOrder()
    {
        var filter = EventFilter.Create(["b_*", "a", "b_*"]);

        Assert.Equal(["b_*", "a", "b_*"], filter.Patterns);
    }

    [Theory]
    [InlineData("*")]
    [InlineData("task_started")]
    [InlineData("task_*")]
    [InlineData("t*")]
    public void IsValidPattern_WithNamePrefixOrStar_ReturnsTrue(string pattern)
        => Assert.True(EventFilter.IsValidPattern(pattern));

    [Theory]
    [InlineData("")]
    [InlineData("**")]
    [InlineData("*task")]
    [InlineData("task*started")]
    [InlineData("task_**")]
    [InlineData("task started")]
    [InlineData("task?")]
    public void IsValidPattern_WithAnythingElse_ReturnsFalse(string pattern)
        => Assert.False(EventFilter.IsValidPattern(pattern));

    [Fact]
    public void IsValidPattern_WithNameOver64Characters_ReturnsFalse()
    {
        Assert.False(EventFilter.IsValidPattern(new string('e', 65)));
        Assert.False(EventFilter.IsValidPattern(new string('e', 65) + "*"));
    }

    [Fact]
    public void Create_WithInvalidPattern_ThrowsNamingIt()
    {
        var exception = Assert.Throws<ArgumentException>(() => EventFilter.Create(["task_*", "bad pattern"]));

        Assert.Contains("bad pattern", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Create_WithNoPattern_Throws()
        => Assert.Throws<ArgumentException>(() => EventFilter.Create([]));

    [Fact]
    public void Create_With32Patterns_Succeeds()
    {
        var filter = EventFilter.Create([.. Enumerable.Range(0, EventFilter.MaxPatterns).Select(i => $"e{i}")]);

        Assert.True(filter.Matches("e31"));
    }

    [Fact]
    public void Create_WithMoreThan32Patterns_Throws()
        => Assert.Throws<ArgumentException>(() => EventFilter.Create([.. Enumerable.Range(0, EventFilter.MaxPatterns + 1).Select(i => $"e{i}")]));
}
