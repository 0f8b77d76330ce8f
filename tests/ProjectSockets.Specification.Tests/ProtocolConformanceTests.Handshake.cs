using System.Net;

namespace ProjectSockets.Specification.Tests;

/// <summary>Transport: paths, welcome, subprotocols, origin, and every refusal before the upgrade.</summary>
public abstract partial class ProtocolConformanceTests
{
    private const string SubProtocol = "projectsockets.v1";

    [Fact]
    public async Task Connect_WithoutProject_WelcomesWithDefaultsAndNoSubscriptions()
    {
        await using var host = await StartAsync();
        using var client = await ConnectAsync(host, "/ws");

        var welcome = client.Welcome;
        Assert.Equal(1, welcome.GetProperty("protocol").GetInt32());
        Assert.True(client.ConnectionId.Length >= 22, "A connection id carries at least 128 bits.");
        Assert.Equal(30000, welcome.GetProperty("heartbeat").GetProperty("intervalMs").GetInt64());
        Assert.Equal(90000, welcome.GetProperty("heartbeat").GetProperty("timeoutMs").GetInt64());
        Assert.Equal(65536, welcome.GetProperty("maxMessageBytes").GetInt32());
        Assert.Empty(welcome.GetProperty("subscriptions").EnumerateArray());
    }

    [Fact]
    public async Task Connect_WithRouteProject_WelcomesWithItsSubscription()
    {
        await using var host = await StartAsync();
        using var client = await ConnectAsync(host, "/ws/p1");

        var subscription = Assert.Single(client.Welcome.GetProperty("subscriptions").EnumerateArray());
        Assert.Equal("p1", subscription.GetProperty("project").GetString());
        Assert.Equal(0, subscription.GetProperty("seq").GetInt64());
        Assert.False(string.IsNullOrEmpty(subscription.GetProperty("epoch").GetString()));
        Assert.False(subscription.GetProperty("recovered").GetBoolean());
    }

    [Fact]
    public async Task Connect_TwoClients_GetDifferentConnectionIds()
    {
        await using var host = await StartAsync();
        using var first = await ConnectAsync(host);
        using var second = await ConnectAsync(host);

        Assert.NotEqual(first.ConnectionId, second.ConnectionId);
    }

    [Fact]
    public async Task Connect_WithPercentEncodedRouteProject_DecodesItOnce()
    {
        await using var host = await StartAsync();
        using var client = await ConnectAsync(host, "/ws/team%3Aalpha");

        var subscription = Assert.Single(client.Welcome.GetProperty("subscriptions").EnumerateArray());
        Assert.Equal("team:alpha", subscription.GetProperty("project").GetString());
    }

    [Fact]
    public async Task Connect_WithUnrelatedQueryParameter_IsAccepted()
    {
        await using var host = await StartAsync();
        using var client = await ConnectAsync(host, "/ws/p1?access_token=abc.def&x=1");

        Assert.Single(client.Welcome.GetProperty("subscriptions").EnumerateArray());
    }

    [Theory]
    [InlineData("/ws/bad%20name")]
    [InlineData("/ws/a%2Fb")]
    [InlineData("/ws/p%2531")]
    public async Task Connect_WithRouteProjectBreakingNameRules_IsRefusedWith400(string pathAndQuery)
    {
        await using var host = await StartAsync();

        Assert.Equal(400, await RefusalStatusAsync(host, pathAndQuery));
    }

    [Fact]
    public async Task Connect_WithRouteProjectLongerThan128Characters_IsRefusedWith400()
    {
        await using var host = await StartAsync();

        Assert.Equal(400, await RefusalStatusAsync(host, "/ws/" + new string('p', 129)));
    }

    [Theory]
    [InlineData("/ws/p1?since=-1")]
    [InlineData("/ws/p1?since=abc")]
    [InlineData("/ws/p1?events=bad%20pattern")]
    [InlineData("/ws/p1?events=")]
    [InlineData("/ws/p1?events=a,b,c,d,e,f,g,h,i,j,k,l,m,n,o,p,q,r,s,t,u,v,w,x,y,z,a1,b1,c1,d1,e1,f1,g1")]
    [InlineData("/ws/p1?since=1&since=2")]
    [InlineData("/ws?events=task_*")]
    [InlineData("/ws?session=too-short")]
    [InlineData("/ws?session=has%20a%20space%200123456789")]
    [InlineData("/ws/p1?session=conformance-key-0001&session=conformance-key-0001")]
    public async Task Connect_WithMalformedQuery_IsRefusedWith400(string pathAndQuery)
    {
        await using var host = await StartAsync();

        Assert.Equal(400, await RefusalStatusAsync(host, pathAndQuery));
    }

    [Fact]
    public async Task Connect_OfferingTheProtocolSubprotocol_SelectsIt()
    {
        await using var host = await StartAsync();
        using var client = await ConnectAsync(host, "/ws", o => o.AddSubProtocol(SubProtocol));

        Assert.Equal(SubProtocol, client.Socket.SubProtocol);
    }

    [Fact]
    public async Task Connect_OfferingSeveralSubprotocolsIncludingTheProtocol_SelectsTheProtocol()
    {
        await using var host = await StartAsync();
        using var client = await ConnectAsync(host, "/ws", o =>
        {
            o.AddSubProtocol("chat.v2");
            o.AddSubProtocol(SubProtocol);
        });

        Assert.Equal(SubProtocol, client.Socket.SubProtocol);
    }

    [Fact]
    public async Task Connect_OfferingNoSubprotocol_SpeaksVersion1WithoutSelectingOne()
    {
        await using var host = await StartAsync();
        using var client = await ConnectAsync(host);

        Assert.Null(client.Socket.SubProtocol);
        Assert.Equal(1, client.Welcome.GetProperty("protocol").GetInt32());
    }

    [Fact]
    public async Task Connect_OfferingOnlyOtherSubprotocols_IsRefusedWith400()
    {
        await using var host = await StartAsync();

        Assert.Equal(400, await RefusalStatusAsync(host, "/ws", o => o.AddSubProtocol("chat.v2")));
    }

    [Theory]
    [InlineData("http://evil.example")]
    [InlineData("null")]
    [InlineData("not a url")]
    public async Task Connect_FromForeignOrInvalidOrigin_IsRefusedWith403(string origin)
    {
        await using var host = await StartAsync();

        Assert.Equal(403, await RefusalStatusAsync(host, "/ws", o => o.SetRequestHeader("Origin", origin)));
    }

    [Fact]
    public async Task Connect_FromSameOrigin_IsAccepted()
    {
        await using var host = await StartAsync();
        var origin = "http://" + host.WebSocketBase.Authority;
        using var client = await ConnectAsync(host, "/ws", o => o.SetRequestHeader("Origin", origin));

        Assert.Equal(1, client.Welcome.GetProperty("protocol").GetInt32());
    }

    [Fact]
    public async Task Connect_FromOriginOnTheAllowList_IsAccepted()
    {
        await using var host = await StartAsync(o => o.AllowedOrigins.Add("https://app.example"));
        using var client = await ConnectAsync(host, "/ws", o => o.SetRequestHeader("Origin", "https://app.example:443"));

        Assert.Equal(1, client.Welcome.GetProperty("protocol").GetInt32());
    }

    [Fact]
    public async Task Connect_FromSameOriginNotOnTheAllowList_IsRefusedWith403()
    {
        await using var host = await StartAsync(o => o.AllowedOrigins.Add("https://app.example"));
        var origin = "http://" + host.WebSocketBase.Authority;

        Assert.Equal(403, await RefusalStatusAsync(host, "/ws", o => o.SetRequestHeader("Origin", origin)));
    }

    [Fact]
    public async Task Connect_ToRouteProjectTheAuthorizerRefuses_IsRefusedWith403()
    {
        await using var host = await StartWithAuthorizerAsync();

        Assert.Equal(403, await RefusalStatusAsync(host, "/ws/secret-1"));
    }

    [Fact]
    public async Task Connect_BeyondTheConnectionLimit_IsRefusedWith503()
    {
        await using var host = await StartAsync(o => o.MaxConnections = 1);
        using var first = await ConnectAsync(host);

        Assert.Equal(503, await RefusalStatusAsync(host, "/ws"));
    }

    [Fact]
    public async Task Refusal_IsPlainHttpWithAShortTextReason()
    {
        await using var host = await StartAsync();

        var (status, body, contentType) = await HandshakeProbe.SendUpgradeAsync(UrlOf(host, "/ws"), ("Origin", "http://evil.example"));

        Assert.Equal(HttpStatusCode.Forbidden, status);
        Assert.Equal("text/plain", contentType);
        Assert.False(string.IsNullOrWhiteSpace(body));
        Assert.True(body.Length < 200, "The reason is short.");
    }
}
