using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using ProjectSockets.AspNetCore.Tests.Testing;

namespace ProjectSockets.AspNetCore.Tests.Users;

/// <summary>The user id of an authenticated principal, through a real Kestrel server and its authentication.</summary>
public sealed class UserIdTests
{
    [Fact]
    public async Task AnAuthenticatedUser_IsNamedToTheAuthorizer_CommandsAndTheUserIndex()
    {
        var authorizer = new CapturingAuthorizer();
        await using var host = await StartAsync(authorizer);
        var manager = host.Services.GetRequiredService<IWebSocketManager>();

        var first = await host.ConnectAsync("/ws/p1", o => o.SetRequestHeader(TestAuthenticationHandler.UserHeader, "alice"));
        var second = await host.ConnectAsync("/ws", o => o.SetRequestHeader(TestAuthenticationHandler.UserHeader, "alice"));
        await host.ConnectAsync("/ws", o => o.SetRequestHeader(TestAuthenticationHandler.UserHeader, "bob"));
        var whoami = await second.InvokeAsync("whoami", "1");

        Assert.Equal(TestAuthenticationHandler.IdOf("alice"), await authorizer.UserId);
        Assert.Equal(TestAuthenticationHandler.IdOf("alice"), whoami.GetProperty("data").GetString());
        Assert.Equal(2, manager.GetUserConnections(TestAuthenticationHandler.IdOf("alice")).Count);
        Assert.Single(manager.GetUserConnections(TestAuthenticationHandler.IdOf("bob")));
        Assert.Contains(first.Welcome.GetProperty("connectionId").GetString(), manager.GetUserConnections(TestAuthenticationHandler.IdOf("alice")));
    }

    [Fact]
    public async Task AClosedConnection_LeavesTheUserIndex()
    {
        await using var host = await StartAsync(null);
        var manager = host.Services.GetRequiredService<IWebSocketManager>();
        var client = await host.ConnectAsync("/ws", o => o.SetRequestHeader(TestAuthenticationHandler.UserHeader, "alice"));
        var id = client.Welcome.GetProperty("connectionId").GetString()!;

        var disconnect = manager.DisconnectAsync(id);
        await client.ReceiveUntilClosedAsync();
        Assert.True(await disconnect.WaitAsync(KestrelHost.Timeout));

        Assert.Empty(manager.GetUserConnections(TestAuthenticationHandler.IdOf("alice")));
    }

    [Fact]
    public async Task AnAnonymousConnection_HasNoUserId()
    {
        await using var host = await StartAsync(null);
        var client = await host.ConnectAsync("/ws");

        var whoami = await client.InvokeAsync("whoami", "1");

        Assert.Equal(System.Text.Json.JsonValueKind.Null, whoami.GetProperty("data").ValueKind);
    }

    private static Task<KestrelHost> StartAsync(IProjectAuthorizer? authorizer)
        => KestrelHost.StartAsync(
            sockets: s => s.AddCommand<Empty, string?>("whoami", (_, context) => context.UserId),
            builder: b =>
            {
                b.Services.AddAuthentication(TestAuthenticationHandler.SchemeName)
                    .AddScheme<AuthenticationSchemeOptions, TestAuthenticationHandler>(TestAuthenticationHandler.SchemeName, null);
                if (authorizer is not null)
                {
                    b.Services.AddSingleton(authorizer);
                }
            },
            app: a =>
            {
                a.UseAuthentication();
                a.MapProjectSockets();
            });

    private sealed record Empty;
}
