using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace ProjectSockets.AspNetCore.Tests.Control;

/// <summary>Cluster-wide control and credentials that change while connected, on a real Kestrel server.</summary>
public sealed class ControlOnKestrelTests
{
    private static readonly DateTimeOffset Start = DateTimeOffset.UtcNow;

    private static Task<KestrelHost> StartAsync(FakeTimeProvider? time = null) => KestrelHost.StartAsync(
        options: o =>
        {
            o.CredentialExpiryWarning = TimeSpan.FromMinutes(1);
            o.Heartbeat.Interval = TimeSpan.FromDays(10);
            o.Heartbeat.Timeout = TimeSpan.FromDays(30);
        },
        builder: b =>
        {
            if (time is not null)
            {
                b.Services.AddSingleton<TimeProvider>(time);
            }

            TokenAuthentication.Add(b.Services);
        },
        app: a => a.MapProjectSockets().RequireAuthorization());

    private static Task<TestWebSocketClient> ConnectAsync(KestrelHost host, string user, string path = "/ws", DateTimeOffset? expiresAt = null)
        => host.ConnectAsync(path, o => o.SetRequestHeader("Authorization", "Bearer " + TokenAuthentication.Token(user, expiresAt ?? Start.AddDays(1))));

    private static IProjectSocketsControl Control(KestrelHost host) => host.Services.GetRequiredService<IProjectSocketsControl>();

    [Fact]
    public async Task SendToUser_ReachesEachOfTheUsersSockets()
    {
        await using var host = await StartAsync();
        var alice1 = await ConnectAsync(host, "alice");
        var alice2 = await ConnectAsync(host, "alice");
        var bob = await ConnectAsync(host, "bob");

        var count = await Control(host).SendToUserAsync("alice", "notice", new { text = "wherever you are" });

        Assert.Equal(2, count);
        Assert.Equal("wherever you are", (await alice1.ReceiveEventAsync("notice")).GetProperty("data").GetProperty("text").GetString());
        Assert.Equal("wherever you are", (await alice2.ReceiveEventAsync("notice")).GetProperty("data").GetProperty("text").GetString());
        await bob.SendAsync("""{"type":"ping"}""");
        Assert.Equal("pong", (await bob.ReceiveAsync()).GetProperty("type").GetString());
    }

    [Fact]
    public async Task RevokeUserAccess_EndsTheSubscription_WithANotice_AndStopsTheEvents()
    {
        await using var host = await StartAsync();
        var alice = await ConnectAsync(host, "alice", "/ws/p1");
        var bob = await ConnectAsync(host, "bob", "/ws/p1");

        Assert.Equal(1, await Control(host).RevokeUserAccessAsync("alice", "p1", "Removed from p1."));
        var notice = await alice.ReceiveAsync("unsubscribed");
        await host.Services.GetRequiredService<IProjectEventPublisher>().PublishAsync("p1", "after", null);

        Assert.Equal("revoked", notice.GetProperty("reason").GetString());
        Assert.Equal("Removed from p1.", notice.GetProperty("message").GetString());
        Assert.Equal("after", (await bob.ReceiveEventAsync("after")).GetProperty("event").GetString());
        await alice.SendAsync("""{"type":"ping"}""");
        Assert.Equal("pong", (await alice.ReceiveAsync()).GetProperty("type").GetString());
    }

    [Fact]
    public async Task DisconnectUser_ClosesTheSocketWithTheCode()
    {
        await using var host = await StartAsync();
        var alice = await ConnectAsync(host, "alice");
        var closed = alice.ReceiveUntilClosedAsync();

        Assert.Equal(1, await Control(host).DisconnectUserAsync("alice", 4403, "suspended"));
        var (messages, code) = await closed;

        Assert.Equal(4403, code);
        Assert.Contains(messages, m => m.GetProperty("type").GetString() == "disconnected" && m.GetProperty("code").GetInt32() == 4403);
    }

    [Fact]
    public async Task ExpiringCredentials_AreAnnounced_ThenTheSocketIsClosedWith4003()
    {
        var time = new FakeTimeProvider(Start);
        await using var host = await StartAsync(time);
        var alice = await ConnectAsync(host, "alice", expiresAt: Start.AddMinutes(10));

        time.Advance(TimeSpan.FromMinutes(9));
        var warning = await alice.ReceiveAsync("credentials_expiring");
        var denied = await alice.InvokeAsync("refresh", "r1", args: """{"token":"not-a-token"}""");
        time.Advance(TimeSpan.FromMinutes(1));
        var (_, code) = await alice.ReceiveUntilClosedAsync();

        // The exp claim has whole seconds; the clock started between two.
        Assert.InRange(warning.GetProperty("inMs").GetInt64(), 59_000, 60_000);
        Assert.Equal("refresh_denied", denied.GetProperty("error").GetProperty("code").GetString());
        Assert.Equal(ProtocolCloseCodes.CredentialsExpired, code);
    }

    [Fact]
    public async Task Refresh_WithANewToken_KeepsTheSocketOpenPastTheOldExpiry()
    {
        var time = new FakeTimeProvider(Start);
        await using var host = await StartAsync(time);
        var alice = await ConnectAsync(host, "alice", expiresAt: Start.AddMinutes(10));

        var result = await alice.InvokeAsync("refresh", "r1", args: $$"""{"token":"{{TokenAuthentication.Token("alice", Start.AddHours(1))}}"}""");
        time.Advance(TimeSpan.FromMinutes(30));
        await alice.SendAsync("""{"type":"ping"}""");

        Assert.True(result.GetProperty("ok").GetBoolean());
        Assert.Equal("pong", (await alice.ReceiveAsync()).GetProperty("type").GetString());
    }
}
