using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace ProjectSockets.Tests.Presence;

public sealed class PresenceOptionsTests
{
    [Theory]
    [InlineData(false, new string[0], "p1", false)]
    [InlineData(true, new string[0], "p1", true)]
    [InlineData(true, new[] { "p1" }, "p1", true)]
    [InlineData(true, new[] { "p1" }, "p10", false)]
    [InlineData(true, new[] { "team-*" }, "team-a", true)]
    [InlineData(true, new[] { "team-*" }, "teams", false)]
    public void IsEnabledFor_FollowsTheFlagAndThePatterns(bool enabled, string[] projects, string project, bool expected)
    {
        var options = new PresenceOptions { Enabled = enabled };
        foreach (var pattern in projects)
        {
            options.Projects.Add(pattern);
        }

        Assert.Equal(expected, options.IsEnabledFor(project));
    }

    [Theory]
    [InlineData("")]
    [InlineData("*")]
    [InlineData("a*b")]
    [InlineData("a**")]
    public void Start_WithABadProjectPattern_FailsNamingTheSetting(string pattern)
    {
        var exception = Assert.Throws<OptionsValidationException>(() => Resolve(o => o.Presence.Projects.Add(pattern)));

        Assert.Contains("Presence.Projects", exception.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(10_001)]
    public void Start_WithMaxMembersInReplyOutOfRange_FailsNamingTheSetting(int value)
    {
        var exception = Assert.Throws<OptionsValidationException>(() => Resolve(o => o.Presence.MaxMembersInReply = value));

        Assert.Contains("Presence.MaxMembersInReply", exception.Message, StringComparison.Ordinal);
    }

    private static ProjectSocketsOptions Resolve(Action<ProjectSocketsOptions> configure)
    {
        using var provider = new ServiceCollection().AddProjectSockets(configure).Services.BuildServiceProvider();
        return provider.GetRequiredService<IOptions<ProjectSocketsOptions>>().Value;
    }
}
