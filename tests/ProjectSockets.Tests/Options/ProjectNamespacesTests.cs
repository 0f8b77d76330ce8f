namespace ProjectSockets.Tests.Options;

public sealed class ProjectNamespacesTests
{
    [Theory]
    [InlineData("audit:eu:7", "audit:eu:*")]
    [InlineData("audit:7", "audit:*")]
    [InlineData("audit:special", "audit:special")]
    [InlineData("audit:specialist", "audit:*")]
    [InlineData("p1", null)]
    [InlineData("audit", null)]
    public void Match_PrefersTheExactId_ThenTheLongestPrefix(string project, string? expected)
    {
        List<ProjectNamespaceOptions> namespaces =
        [
            new() { Pattern = "audit:*" },
            new() { Pattern = "audit:special" },
            new() { Pattern = "audit:eu:*" },
            new() { Pattern = "a*" + "x" },
        ];

        Assert.Equal(expected, ProjectNamespaces.Match(namespaces, project)?.Pattern);
    }

    [Theory]
    [InlineData("p1", true)]
    [InlineData("audit:*", true)]
    [InlineData("a*", true)]
    [InlineData("*", false)]
    [InlineData("", false)]
    [InlineData("a**", false)]
    [InlineData("a b*", false)]
    [InlineData("..", false)]
    public void IsValidPattern_FollowsTheProjectIdRules(string pattern, bool valid)
        => Assert.Equal(valid, ProjectNamespaces.IsValidPattern(pattern));

    [Fact]
    public void GetProjectSettings_UnsetNamespaceSetting_FallsBackToTheGlobalValue_NotAShorterPrefix()
    {
        var options = new ProjectSocketsOptions();
        options.Namespaces.Add(new() { Pattern = "a:*", HistoryMaxEvents = 10 });
        options.Namespaces.Add(new() { Pattern = "a:b:*", HistoryMaxAge = TimeSpan.FromMinutes(1) });

        var settings = options.GetProjectSettings("a:b:c");

        Assert.Equal(options.History.MaxEvents, settings.HistoryMaxEvents);
        Assert.Equal(TimeSpan.FromMinutes(1), settings.HistoryMaxAge);
    }
}
