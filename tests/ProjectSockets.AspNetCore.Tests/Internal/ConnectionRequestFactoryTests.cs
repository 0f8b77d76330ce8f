using System.Net;
using Microsoft.Extensions.DependencyInjection;
using ProjectSockets.AspNetCore.Tests.Testing;

namespace ProjectSockets.AspNetCore.Tests.Internal;

/// <summary>What the core learns about an upgrade request that arrived through Kestrel.</summary>
public sealed class ConnectionRequestFactoryTests
{
    [Fact]
    public async Task Connect_PassesRouteProjectDecodedOnce()
    {
        var authorizer = new CapturingAuthorizer();
        await using var host = await KestrelHost.StartAsync(builder: b => b.Services.AddSingleton<IProjectAuthorizer>(authorizer));

        var client = await host.ConnectAsync("/ws/%41b%2Dc");
        var request = await authorizer.Request;

        Assert.Equal("Ab-c", request.RouteProject);
        Assert.Equal("Ab-c", client.Welcome.GetProperty("subscriptions")[0].GetProperty("project").GetString());
    }

    [Fact]
    public async Task Connect_WithDoubleEncodedRouteProject_IsRefusedWith400()
    {
        await using var host = await KestrelHost.StartAsync();

        var status = await host.TryConnectAsync("/ws/%2541");

        Assert.Equal(400, status);
    }

    [Theory]
    [InlineData("/ws/.")]
    [InlineData("/ws/%2e")]
    [InlineData("/ws/p1/..")]
    [InlineData("/ws/p1/%2E%2e?events=task_*")]
    public async Task Connect_WithDotSegmentTheServerRemoved_IsRefusedWith400(string rawTarget)
    {
        await using var host = await KestrelHost.StartAsync();

        var status = await host.SendRawUpgradeRequestAsync(rawTarget);

        Assert.Equal(400, status);
    }

    [Fact]
    public async Task Connect_WithProjectMadeOfThreeDots_IsAccepted()
    {
        await using var host = await KestrelHost.StartAsync();

        var status = await host.SendRawUpgradeRequestAsync("/ws/...");

        Assert.Equal(101, status);
    }

    [Fact]
    public async Task Connect_PassesRawQueryHostSchemeAndSubprotocols()
    {
        var authorizer = new CapturingAuthorizer();
        await using var host = await KestrelHost.StartAsync(builder: b => b.Services.AddSingleton<IProjectAuthorizer>(authorizer));

        await host.ConnectAsync("/ws/p1?note=a%20b&events=task_*", o => o.AddSubProtocol("projectsockets.v1"));
        var request = await authorizer.Request;

        Assert.Equal("?note=a%20b&events=task_*", request.QueryString);
        Assert.Equal("a b", request.GetQueryValue("note"));
        Assert.Equal(host.Authority, request.Host);
        Assert.Equal("http", request.Scheme);
        Assert.Equal(["projectsockets.v1"], request.SubProtocols);
        Assert.Null(request.Origin);
    }

    [Fact]
    public async Task Connect_PassesHeadersAndRemoteEndPoint()
    {
        var authorizer = new CapturingAuthorizer();
        await using var host = await KestrelHost.StartAsync(builder: b => b.Services.AddSingleton<IProjectAuthorizer>(authorizer));

        await host.ConnectAsync("/ws/p1", o => o.SetRequestHeader("X-Tenant", "acme"));
        var request = await authorizer.Request;

        Assert.Equal("acme", request.Headers["x-tenant"]);
        var remote = Assert.IsType<IPEndPoint>(request.RemoteEndPoint);
        Assert.True(IPAddress.IsLoopback(remote.Address));
        Assert.NotEqual(0, remote.Port);
    }

    [Fact]
    public async Task Connect_FromSameOrigin_IsAccepted()
    {
        await using var host = await KestrelHost.StartAsync();

        var status = await host.TryConnectAsync("/ws/p1", o => o.SetRequestHeader("Origin", $"http://{host.Authority}"));

        Assert.Equal(101, status);
    }

    [Theory]
    [InlineData("http://evil.example")]
    [InlineData("null")]
    [InlineData("https://127.0.0.1")]
    public async Task Connect_FromOtherOrigin_IsRefusedWith403(string origin)
    {
        await using var host = await KestrelHost.StartAsync();

        var status = await host.TryConnectAsync("/ws/p1", o => o.SetRequestHeader("Origin", origin));

        Assert.Equal(403, status);
    }

    [Fact]
    public async Task Connect_FromAllowListedOrigin_IsAccepted()
    {
        await using var host = await KestrelHost.StartAsync(options: o => o.AllowedOrigins.Add("https://dashboard.example"));

        var status = await host.TryConnectAsync("/ws/p1", o => o.SetRequestHeader("Origin", "https://dashboard.example:443"));

        Assert.Equal(101, status);
    }

    [Fact]
    public async Task Connect_FromSameOriginNotInAllowList_IsRefusedWith403()
    {
        await using var host = await KestrelHost.StartAsync(options: o => o.AllowedOrigins.Add("https://dashboard.example"));

        var status = await host.TryConnectAsync("/ws/p1", o => o.SetRequestHeader("Origin", $"http://{host.Authority}"));

        Assert.Equal(403, status);
    }
}
