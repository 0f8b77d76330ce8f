using System.Security.Claims;
using Microsoft.Extensions.DependencyInjection;
using NSubstitute;
using ProjectSockets.Tests.Testing;

namespace ProjectSockets.Tests.Users;

public sealed class WebSocketManagerUsersTests
{
    [Fact]
    public async Task GetUserConnections_ListsEveryOpenConnectionOfTheUser()
    {
        await using var server = new TestServer();
        var first = await ConnectAsAsync(server, "alice");
        var second = await ConnectAsAsync(server, "alice");
        var other = await ConnectAsAsync(server, "bob");

        Assert.Equal(new[] { first.Id, second.Id }.Order(StringComparer.Ordinal), server.Manager.GetUserConnections("alice").Order(StringComparer.Ordinal));
        Assert.Equal([other.Id], server.Manager.GetUserConnections("bob"));
        Assert.Empty(server.Manager.GetUserConnections("carol"));
    }

    [Fact]
    public async Task GetUserConnections_ForgetsAClosedConnection_AndTheLastOneRemovesTheUser()
    {
        await using var server = new TestServer();
        var first = await ConnectAsAsync(server, "alice");
        var second = await ConnectAsAsync(server, "alice");

        await DisconnectAsync(server, first);
        Assert.Equal([second.Id], server.Manager.GetUserConnections("alice"));

        await DisconnectAsync(server, second);
        Assert.Empty(server.Manager.GetUserConnections("alice"));
        Assert.Equal(0, server.Implementation.UserCount);
    }

    [Fact]
    public async Task AnAnonymousConnection_HasNoUserId_AndIsInNoUserIndex()
    {
        await using var server = new TestServer(build: b => b.AddCommand<Empty, string?>("whoami", (_, context) => context.UserId ?? "anonymous"));
        var client = await server.ConnectAsync();

        var result = await client.InvokeAsync("whoami", "1");

        Assert.Equal("anonymous", result.GetProperty("data").GetString());
        Assert.Equal(0, server.Implementation.UserCount);
        Assert.True(server.Implementation.TryGetConnection(client.Id, out var state));
        Assert.Null(state.Request.UserId);
    }

    [Fact]
    public async Task CommandContext_CarriesTheUserId()
    {
        await using var server = new TestServer(build: b => b.AddCommand<Empty, string?>("whoami", (_, context) => context.UserId));
        var client = await ConnectAsAsync(server, "alice");

        var result = await client.InvokeAsync("whoami", "1");

        Assert.Equal("alice", result.GetProperty("data").GetString());
    }

    [Fact]
    public async Task TheAuthorizer_SeesTheUserId_AtTheHandshakeAndAtSubscribe()
    {
        var seen = new List<string?>();
        var authorizer = Substitute.For<IProjectAuthorizer>();
        authorizer.CanSubscribeAsync(Arg.Any<ConnectionRequest>(), Arg.Any<string>(), Arg.Any<CancellationToken>())
            .Returns(call =>
            {
                lock (seen)
                {
                    seen.Add(call.Arg<ConnectionRequest>().UserId);
                }

                return ValueTask.FromResult(true);
            });
        await using var server = new TestServer(services: s => s.AddSingleton(authorizer));
        var request = ClaimsUserIdProviderTests.Request(new Claim(ClaimTypes.NameIdentifier, "alice"));
        request = new ConnectionRequest { User = request.User, RouteProject = "p1" };

        var client = await server.ConnectAsync(request);
        await client.InvokeAsync("subscribe", "1", "p2");

        Assert.Equal(["alice", "alice"], seen);
    }

    [Fact]
    public async Task AHostProvider_ReplacesTheDefault_AndIsAskedOncePerConnection()
    {
        var provider = Substitute.For<IUserIdProvider>();
        provider.GetUserId(Arg.Any<ConnectionRequest>()).Returns(call => call.Arg<ConnectionRequest>().GetQueryValue("user"));
        await using var server = new TestServer(services: s => s.AddSingleton(provider));

        var client = await server.ConnectAsync(new ConnectionRequest { QueryString = "user=tenant-7%2Falice" });

        Assert.Equal([client.Id], server.Manager.GetUserConnections("tenant-7/alice"));
        provider.Received(1).GetUserId(Arg.Any<ConnectionRequest>());
    }

    [Fact]
    public void AddProjectSockets_RegistersTheClaimsProvider_UnlessTheHostHasOne()
    {
        var defaults = new ServiceCollection().AddProjectSockets().Services.BuildServiceProvider();
        var custom = Substitute.For<IUserIdProvider>();
        var services = new ServiceCollection().AddSingleton(custom);
        services.AddProjectSockets();

        Assert.IsType<ClaimsUserIdProvider>(defaults.GetRequiredService<IUserIdProvider>());
        Assert.Same(custom, services.BuildServiceProvider().GetRequiredService<IUserIdProvider>());
    }

    [Fact]
    public async Task GetUserConnections_WithoutUserId_Throws()
    {
        await using var server = new TestServer();

        Assert.Throws<ArgumentNullException>(() => server.Manager.GetUserConnections(null!));
    }

    internal static Task<TestClient> ConnectAsAsync(TestServer server, string userId)
        => server.ConnectAsync(ClaimsUserIdProviderTests.Request(new Claim(ClaimTypes.NameIdentifier, userId)));

    /// <summary>Closes a connection from the server; the client answers, and the manager has cleaned up on return.</summary>
    internal static async Task DisconnectAsync(TestServer server, TestClient client)
    {
        var disconnect = server.Manager.DisconnectAsync(client.Id);
        await client.ReceiveUntilClosedAsync();
        Assert.True(await disconnect.WaitAsync(TestClient.Timeout));
    }

    private sealed record Empty;
}
