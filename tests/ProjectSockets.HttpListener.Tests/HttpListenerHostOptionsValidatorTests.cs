namespace ProjectSockets.HttpListener.Tests;

public sealed class HttpListenerHostOptionsValidatorTests
{
    [Fact]
    public void Validate_DefaultsWithOnePrefix_Succeeds()
    {
        var options = new HttpListenerHostOptions { Prefixes = { "http://127.0.0.1:5181/" } };

        Assert.True(new HttpListenerHostOptionsValidator().Validate(null, options).Succeeded);
    }

    [Fact]
    public void Validate_NoPrefix_FailsNamingPrefixes()
    {
        var result = new HttpListenerHostOptionsValidator().Validate(null, new HttpListenerHostOptions());

        Assert.Contains("Prefixes", result.FailureMessage, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("ws")]
    [InlineData("/ws/")]
    [InlineData("/ws?x")]
    [InlineData("//ws")]
    [InlineData("")]
    public void Validate_BadPathPrefix_FailsNamingPathPrefix(string pathPrefix)
    {
        var options = new HttpListenerHostOptions { PathPrefix = pathPrefix, Prefixes = { "http://127.0.0.1:5181/" } };

        var result = new HttpListenerHostOptionsValidator().Validate(null, options);

        Assert.Contains("PathPrefix", result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_PrefixThatDoesNotCoverThePath_Fails()
    {
        var options = new HttpListenerHostOptions { Prefixes = { "http://127.0.0.1:5181/app/" } };

        var result = new HttpListenerHostOptionsValidator().Validate(null, options);

        Assert.Contains("does not cover", result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_PrefixWithPathThatCoversThePath_Succeeds()
    {
        var options = new HttpListenerHostOptions { PathPrefix = "/app/ws", Prefixes = { "http://127.0.0.1:5181/app/" } };

        Assert.True(new HttpListenerHostOptionsValidator().Validate(null, options).Succeeded);
    }

    [Fact]
    public void Validate_NegativeKeepAlive_FailsNamingIt()
    {
        var options = new HttpListenerHostOptions { KeepAliveInterval = TimeSpan.FromSeconds(-1), Prefixes = { "http://127.0.0.1:5181/" } };

        var result = new HttpListenerHostOptionsValidator().Validate(null, options);

        Assert.Contains("KeepAliveInterval", result.FailureMessage, StringComparison.Ordinal);
    }
}
