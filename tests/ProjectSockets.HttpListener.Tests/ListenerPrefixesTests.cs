namespace ProjectSockets.HttpListener.Tests;

public sealed class ListenerPrefixesTests
{
    [Theory]
    [InlineData("http://127.0.0.1:5181/", "/ws", "ws://127.0.0.1:5181/ws")]
    [InlineData("https://example.test/", "/ws", "wss://example.test/ws")]
    [InlineData("http://+:5181/", "/ws", "ws://localhost:5181/ws")]
    [InlineData("http://*:80/app/", "/app/ws", "ws://localhost/app/ws")]
    public void ToWebSocketUrl_MapsSchemeAndWildcardHost(string prefix, string pathPrefix, string expected)
    {
        Assert.Equal(new Uri(expected), ListenerPrefixes.ToWebSocketUrl(prefix, pathPrefix));
    }

    [Theory]
    [InlineData("")]
    [InlineData("http://127.0.0.1:5181")]
    [InlineData("127.0.0.1:5181/")]
    [InlineData("ftp://127.0.0.1/")]
    [InlineData("http://127.0.0.1:5181/?x=1/")]
    public void TryParse_InvalidPrefix_ReturnsFalse(string prefix)
    {
        Assert.False(ListenerPrefixes.TryParse(prefix, out _));
    }
}
