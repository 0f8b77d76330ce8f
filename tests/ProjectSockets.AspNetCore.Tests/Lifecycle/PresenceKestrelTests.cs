using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using ProjectSockets.AspNetCore.Tests.Testing;

namespace ProjectSockets.AspNetCore.Tests.Lifecycle;

/// <summary>Presence on a real Kestrel server: authenticated users, the built-in query, join and leave.</summary>
public sealed class PresenceKestrelTests
{
    [Fact]
    public async Task Presence_ListsTheSubscribers_AndAnnouncesJoinAndLeave()
    {
        await using var host = await KestrelHost.StartAsync(
            options: o => o.Presence.Enabled = true,
            builder: b => b.Services.AddAuthentication(TestAuthenticationHandler.SchemeName)
                .AddScheme<AuthenticationSchemeOptions, TestAuthenticationHandler>(TestAuthenticationHandler.SchemeName, null),
            app: a =>
            {
                a.UseAuthentication();
                a.MapProjectSockets();
            });
        var alice = await host.ConnectAsync("/ws", o => o.SetRequestHeader(TestAuthenticationHandler.UserHeader, "alice"));
        await alice.InvokeAsync("subscribe", "1", "p1", """{"presence":true}""");

        var bob = await host.ConnectAsync("/ws", o => o.SetRequestHeader(TestAuthenticationHandler.UserHeader, "bob"));
        await bob.InvokeAsync("subscribe", "1", "p1");
        var join = await alice.ReceiveAsync("join");
        var presence = await bob.InvokeAsync("presence", "2", "p1");
        await bob.InvokeAsync("unsubscribe", "3", "p1");
        var leave = await alice.ReceiveAsync("leave");

        Assert.Equal("p1", join.GetProperty("project").GetString());
        Assert.Equal(TestAuthenticationHandler.IdOf("bob"), join.GetProperty("member").GetProperty("userId").GetString());
        Assert.Equal(bob.Welcome.GetProperty("connectionId").GetString(), leave.GetProperty("member").GetProperty("connectionId").GetString());
        var data = presence.GetProperty("data");
        Assert.Equal(2, data.GetProperty("count").GetInt64());
        Assert.Equal(
            [TestAuthenticationHandler.IdOf("alice"), TestAuthenticationHandler.IdOf("bob")],
            data.GetProperty("members").EnumerateArray().Select(m => m.GetProperty("userId").GetString()).Order(StringComparer.Ordinal));
        Assert.Equal(1, await host.Services.GetRequiredService<IProjectPresence>().GetCountAsync("p1"));
    }
}
