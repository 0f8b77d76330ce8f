using NSubstitute;
using Microsoft.Extensions.DependencyInjection;
using ProjectSockets.Tests.Testing;

namespace ProjectSockets.Tests.Handshake;

public sealed class WebSocketManagerHandshakeTests
{
    [Fact]
    public async Task Handshake_WithoutSubprotocol_IsAcceptedWithoutOne()
    {
        await using var server = new TestServer();

        using var decision = await server.Manager.EvaluateHandshakeAsync(new ConnectionRequest());

        Assert.True(decision.IsAccepted);
        Assert.Equal(101, decision.StatusCode);
        Assert.Null(decision.SubProtocol);
    }

    [Fact]
    public async Task Handshake_OfferingV1_SelectsIt()
    {
        await using var server = new TestServer();

        using var decision = await server.Manager.EvaluateHandshakeAsync(new ConnectionRequest { SubProtocols = ["chat", "projectsockets.v1"] });

        Assert.Equal("projectsockets.v1", decision.SubProtocol);
    }

    [Fact]
    public async Task Handshake_OfferingOnlyOtherSubprotocols_IsRefusedWith400()
        => Assert.Equal(400, await StatusAsync(new ConnectionRequest { SubProtocols = ["chat"] }));

    [Theory]
    [InlineData("p/1")]
    [InlineData("..")]
    [InlineData("")]
    public async Task Handshake_WithBadRouteProject_IsRefusedWith400(string project)
        => Assert.Equal(400, await StatusAsync(new ConnectionRequest { RouteProject = project }));

    [Theory]
    [InlineData("events=bad%20name")]
    [InlineData("events=")]
    [InlineData("events=a,,b")]
    [InlineData("since=-1")]
    [InlineData("since=abc")]
    [InlineData("since=1.5")]
    [InlineData("since=1&since=2")]
    public async Task Handshake_WithMalformedQuery_IsRefusedWith400(string query)
        => Assert.Equal(400, await StatusAsync(new ConnectionRequest { RouteProject = "p1", QueryString = query }));

    [Fact]
    public async Task Handshake_WithMoreThan32Patterns_IsRefusedWith400()
    {
        var events = string.Join(',', Enumerable.Range(0, 33).Select(i => $"e{i}"));

        Assert.Equal(400, await StatusAsync(new ConnectionRequest { RouteProject = "p1", QueryString = "events=" + events }));
    }

    [Fact]
    public async Task Handshake_WithResumeQueryButNoRouteProject_IsRefusedWith400()
        => Assert.Equal(400, await StatusAsync(new ConnectionRequest { QueryString = "since=1" }));

    [Fact]
    public async Task Handshake_WithOtherQueryParameters_IsAccepted()
        => Assert.Equal(101, await StatusAsync(new ConnectionRequest { RouteProject = "p1", QueryString = "?access_token=abc&events=task_*,gate_running&since=0&epoch=x" }));

    [Fact]
    public async Task Handshake_FromOtherOrigin_IsRefusedWith403()
        => Assert.Equal(403, await StatusAsync(new ConnectionRequest { Host = "example.com", Origin = "http://evil.com" }));

    [Fact]
    public async Task Handshake_ForRouteProjectTheAuthorizerRefuses_IsRefusedWith403()
    {
        var authorizer = Substitute.For<IProjectAuthorizer>();
        authorizer.CanSubscribeAsync(Arg.Any<ConnectionRequest>(), "secret", Arg.Any<CancellationToken>()).Returns(false);
        await using var server = new TestServer(services: s => s.AddSingleton(authorizer));

        using var decision = await server.Manager.EvaluateHandshakeAsync(new ConnectionRequest { RouteProject = "secret" });

        Assert.Equal(403, decision.StatusCode);
    }

    [Fact]
    public async Task Handshake_BeyondMaxConnections_IsRefusedWith503_UntilADecisionIsDisposed()
    {
        await using var server = new TestServer(o => o.MaxConnections = 1);

        var first = await server.Manager.EvaluateHandshakeAsync(new ConnectionRequest());
        using var refused = await server.Manager.EvaluateHandshakeAsync(new ConnectionRequest());
        first.Dispose();
        using var afterRelease = await server.Manager.EvaluateHandshakeAsync(new ConnectionRequest());

        Assert.Equal(503, refused.StatusCode);
        Assert.True(afterRelease.IsAccepted);
    }

    [Fact]
    public async Task RunConnection_WithRefusedDecision_Throws()
    {
        await using var server = new TestServer();
        using var refused = await server.Manager.EvaluateHandshakeAsync(new ConnectionRequest { RouteProject = ".." });
        var (connection, _) = InMemoryConnection.CreatePair();

        await Assert.ThrowsAsync<ArgumentException>(() => server.Manager.RunConnectionAsync(connection, refused));
    }

    private static async Task<int> StatusAsync(ConnectionRequest request)
    {
        await using var server = new TestServer();
        using var decision = await server.Manager.EvaluateHandshakeAsync(request);
        return decision.StatusCode;
    }
}
