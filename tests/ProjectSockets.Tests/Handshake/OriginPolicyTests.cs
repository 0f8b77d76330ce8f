namespace ProjectSockets.Tests.Handshake;

public sealed class OriginPolicyTests
{
    [Fact]
    public void IsAllowed_WithoutOriginHeader_Allows()
        => Assert.True(OriginPolicy.IsAllowed(new ConnectionRequest { Host = "example.com" }, []));

    [Theory]
    [InlineData("http", "example.com", "http://example.com")]
    [InlineData("http", "example.com:8080", "http://example.com:8080")]
    [InlineData("https", "example.com", "https://example.com:443")]
    [InlineData("https", "example.com:443", "https://example.com")]
    [InlineData("http", "EXAMPLE.com", "http://example.COM")]
    [InlineData("http", "127.0.0.1:5000", "http://127.0.0.1:5000")]
    [InlineData("http", "[::1]:5000", "http://[::1]:5000")]
    public void IsAllowed_WithoutAllowList_AllowsSameHostAndPort(string scheme, string host, string origin)
        => Assert.True(OriginPolicy.IsAllowed(new ConnectionRequest { Scheme = scheme, Host = host, Origin = origin }, []));

    [Theory]
    [InlineData("http", "example.com", "http://evil.com")]
    [InlineData("http", "example.com:8080", "http://example.com")]
    [InlineData("http", "example.com", "http://example.com:8080")]
    [InlineData("https", "example.com", "https://example.com:8443")]
    [InlineData("http", "example.com", "http://sub.example.com")]
    public void IsAllowed_WithoutAllowList_RefusesOtherHostOrPort(string scheme, string host, string origin)
        => Assert.False(OriginPolicy.IsAllowed(new ConnectionRequest { Scheme = scheme, Host = host, Origin = origin }, []));

    [Theory]
    [InlineData("null")]
    [InlineData("not an origin")]
    [InlineData("")]
    [InlineData("ftp://example.com")]
    [InlineData("http://example.com/path")]
    [InlineData("http://user@example.com")]
    [InlineData("example.com")]
    public void IsAllowed_WithNullOrUnparseableOrigin_Refuses(string origin)
        => Assert.False(OriginPolicy.IsAllowed(new ConnectionRequest { Host = "example.com", Origin = origin }, []));

    [Fact]
    public void IsAllowed_WithOriginButNoHost_Refuses()
        => Assert.False(OriginPolicy.IsAllowed(new ConnectionRequest { Origin = "http://example.com" }, []));

    [Fact]
    public void IsAllowed_WithAllowList_AllowsListedOrigin()
        => Assert.True(OriginPolicy.IsAllowed(
            new ConnectionRequest { Host = "api.example.com", Origin = "https://app.example.com" },
            ["https://other.example.com", "https://app.example.com"]));

    [Fact]
    public void IsAllowed_WithAllowList_RefusesSameOriginThatIsNotListed()
        => Assert.False(OriginPolicy.IsAllowed(
            new ConnectionRequest { Host = "api.example.com", Origin = "http://api.example.com" },
            ["https://app.example.com"]));

    [Theory]
    [InlineData("https://app.example.com:443", "https://app.example.com")]
    [InlineData("https://app.example.com", "https://app.example.com:443")]
    [InlineData("http://app.example.com:80", "http://app.example.com")]
    public void IsAllowed_WithAllowList_NormalisesDefaultPort(string allowed, string origin)
        => Assert.True(OriginPolicy.IsAllowed(new ConnectionRequest { Host = "x", Origin = origin }, [allowed]));

    [Theory]
    [InlineData("http://app.example.com")]
    [InlineData("https://app.example.com:8443")]
    [InlineData("https://app.example.org")]
    public void IsAllowed_WithAllowList_RefusesOtherSchemePortOrHost(string origin)
        => Assert.False(OriginPolicy.IsAllowed(new ConnectionRequest { Host = "x", Origin = origin }, ["https://app.example.com"]));

    [Fact]
    public void IsAllowed_WithAllowList_RefusesNullOrigin()
        => Assert.False(OriginPolicy.IsAllowed(new ConnectionRequest { Host = "x", Origin = "null" }, ["https://app.example.com"]));

    [Fact]
    public void TryNormalize_WritesSchemeHostAndPort()
    {
        Assert.True(OriginPolicy.TryNormalize("HTTPS://App.Example.com", out var normalized));
        Assert.Equal("https://app.example.com:443", normalized);
    }

    [Fact]
    public void TryNormalize_WithIPv6Host_KeepsBrackets()
    {
        Assert.True(OriginPolicy.TryNormalize("http://[::1]:5000", out var normalized));
        Assert.Equal("http://[::1]:5000", normalized);
    }

    [Fact]
    public void IsAllowed_WithAllowList_MatchesIPv6Origin()
        => Assert.True(OriginPolicy.IsAllowed(new ConnectionRequest { Host = "x", Origin = "http://[::1]:5000" }, ["http://[::1]:5000"]));
}
