namespace ProjectSockets.HttpListener.Tests;

public sealed class HttpListenerRouteTests
{
    [Theory]
    [InlineData("/ws", null, null)]
    [InlineData("/ws/", null, null)]
    [InlineData("/WS", null, null)]
    [InlineData("/ws?events=a", null, "?events=a")]
    [InlineData("/ws/p1", "p1", null)]
    [InlineData("/ws/p1/", "p1", null)]
    [InlineData("/ws/p1?since=3&epoch=e%2B1", "p1", "?since=3&epoch=e%2B1")]
    [InlineData("/ws/p1#fragment", "p1", null)]
    [InlineData("/ws/p1?a=1#fragment", "p1", "?a=1")]
    [InlineData("/ws/team%3Aalpha", "team:alpha", null)]
    [InlineData("/ws/a%2Fb", "a/b", null)]
    [InlineData("/ws/p%2531", "p%31", null)]
    [InlineData("/ws/p+1", "p+1", null)]
    [InlineData("http://example.test:81/ws/p1?x=1", "p1", "?x=1")]
    public void Match_EndpointPath_ReturnsProjectDecodedOnceAndRawQuery(string target, string? project, string? query)
    {
        var match = HttpListenerRoute.Match(target, "/ws");

        Assert.True(match.IsEndpoint);
        Assert.Equal(project, match.Project);
        Assert.Equal(query, match.QueryString);
    }

    [Theory]
    [InlineData("/")]
    [InlineData("/wsx")]
    [InlineData("/w")]
    [InlineData("/other/ws/p1")]
    [InlineData("/ws/p1/extra")]
    [InlineData("/ws//p1")]
    [InlineData("/ws/p1//")]
    [InlineData("http://example.test")]
    public void Match_OtherPath_IsNotTheEndpoint(string target)
    {
        Assert.False(HttpListenerRoute.Match(target, "/ws").IsEndpoint);
    }

    [Theory]
    [InlineData("/live/events", "/live/events", null)]
    [InlineData("/live/events/p1", "/live/events", "p1")]
    [InlineData("/", "/", null)]
    [InlineData("/p1", "/", "p1")]
    public void Match_WithCustomPathPrefix_ServesItsPaths(string target, string pathPrefix, string? project)
    {
        var match = HttpListenerRoute.Match(target, pathPrefix);

        Assert.True(match.IsEndpoint);
        Assert.Equal(project, match.Project);
    }
}
