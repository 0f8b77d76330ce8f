using Microsoft.Extensions.DependencyInjection;
using ProjectSockets.Tests.Testing;

namespace ProjectSockets.Tests.Credentials;

public sealed class CredentialExpiryTests
{
    private static TestServer Server(TestCredentials? credentials = null, bool claimAuthorizer = false) => new(
        o =>
        {
            o.CredentialExpiryWarning = TimeSpan.FromMinutes(1);

            // Time moves by minutes and days here: no heartbeat may close the connection first.
            o.Heartbeat.Interval = TimeSpan.FromDays(10);
            o.Heartbeat.Timeout = TimeSpan.FromDays(30);
        },
        services: s =>
        {
            if (credentials is not null)
            {
                s.AddSingleton<IConnectionCredentials>(credentials);
            }

            if (claimAuthorizer)
            {
                s.AddSingleton<IProjectAuthorizer, ProjectClaimAuthorizer>();
            }
        });

    private static Task<TestClient> ConnectAsync(TestServer server, string token, string? project = null)
        => server.ConnectAsync(new ConnectionRequest { RouteProject = project, User = TestCredentials.Principal(token) });

    [Fact]
    public async Task Expiry_WarnsAtTheWarningTime_ThenClosesWith4003()
    {
        await using var server = Server();
        var expiresAt = server.Time.GetUtcNow().AddMinutes(10);
        var client = await ConnectAsync(server, TestCredentials.Token("alice", expiresAt));

        server.Time.Advance(TimeSpan.FromMinutes(8));
        Assert.Empty(await client.BarrierAsync());
        server.Time.Advance(TimeSpan.FromMinutes(1));
        var warning = await client.ReceiveAsync("credentials_expiring");
        server.Time.Advance(TimeSpan.FromMinutes(1));
        var (messages, code) = await client.ReceiveUntilClosedAsync();

        Assert.Equal(60_000, warning.GetProperty("inMs").GetInt64());
        Assert.Equal(expiresAt, warning.GetProperty("expiresAt").GetDateTimeOffset());
        Assert.Equal(ProtocolCloseCodes.CredentialsExpired, code);
        var disconnected = Assert.Single(messages, m => m.GetProperty("type").GetString() == "disconnected");
        Assert.Equal(4003, disconnected.GetProperty("code").GetInt32());
        Assert.True(disconnected.GetProperty("reconnect").GetBoolean());
    }

    [Fact]
    public async Task NoExpClaim_TheConnectionNeverExpires()
    {
        await using var server = Server();
        var client = await server.ConnectAsync();

        server.Time.Advance(TimeSpan.FromDays(2));

        Assert.Empty(await client.BarrierAsync());
        Assert.Equal(1, server.Manager.ConnectionCount);
    }

    [Fact]
    public async Task ExpiredAlreadyAtConnect_ClosesWith4003AfterTheWelcome()
    {
        await using var server = Server();
        var client = await ConnectAsync(server, TestCredentials.Token("alice", server.Time.GetUtcNow().AddSeconds(-5)));

        server.Time.Advance(TimeSpan.Zero);
        var (_, code) = await client.ReceiveUntilClosedAsync();

        Assert.Equal(4003, code);
    }

    [Fact]
    public async Task Refresh_Accepted_AnswersTheNewExpiry_AndMovesTheClose()
    {
        await using var server = Server(new TestCredentials());
        var start = server.Time.GetUtcNow();
        var client = await ConnectAsync(server, TestCredentials.Token("alice", start.AddMinutes(10)));
        server.Time.Advance(TimeSpan.FromMinutes(9));
        await client.ReceiveAsync("credentials_expiring");

        var result = await client.InvokeAsync("refresh", "r1", args: $$"""{"token":"{{TestCredentials.Token("alice", start.AddMinutes(30))}}"}""");
        server.Time.Advance(TimeSpan.FromMinutes(5));

        Assert.True(result.GetProperty("ok").GetBoolean());
        Assert.Equal(start.AddMinutes(30), result.GetProperty("data").GetProperty("expiresAt").GetDateTimeOffset());
        Assert.Empty(await client.BarrierAsync());
        server.Time.Advance(TimeSpan.FromMinutes(15));
        Assert.Equal("credentials_expiring", (await client.ReceiveAsync()).GetProperty("type").GetString());
        server.Time.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(4003, (await client.ReceiveUntilClosedAsync()).CloseCode);
    }

    [Fact]
    public async Task Refresh_Denied_AnswersRefreshDenied_AndTheEarlierExpiryHolds()
    {
        await using var server = Server(new TestCredentials());
        var client = await ConnectAsync(server, TestCredentials.Token("alice", server.Time.GetUtcNow().AddMinutes(10)));

        var result = await client.InvokeAsync("refresh", "r1", args: """{"token":"nonsense"}""");
        server.Time.Advance(TimeSpan.FromMinutes(10));

        Assert.Equal("refresh_denied", result.GetProperty("error").GetProperty("code").GetString());
        Assert.Equal("Token not accepted.", result.GetProperty("error").GetProperty("message").GetString());
        Assert.Equal(4003, (await client.ReceiveUntilClosedAsync()).CloseCode);
    }

    [Fact]
    public async Task Refresh_ForAnotherUser_IsDenied()
    {
        await using var server = Server(new TestCredentials());
        var client = await ConnectAsync(server, TestCredentials.Token("alice", server.Time.GetUtcNow().AddMinutes(10)));

        var result = await client.InvokeAsync("refresh", "r1", args: $$"""{"token":"{{TestCredentials.Token("mallory", server.Time.GetUtcNow().AddHours(1))}}"}""");

        Assert.Equal("refresh_denied", result.GetProperty("error").GetProperty("code").GetString());
        Assert.Equal(["alice"], [.. server.Manager.GetUserConnections("alice").Select(_ => "alice")]);
    }

    [Fact]
    public async Task Refresh_WithTheDefaultSeam_IsDenied()
    {
        await using var server = Server();
        var client = await server.ConnectAsync();

        var result = await client.InvokeAsync("refresh", "r1", args: """{"token":"anything"}""");

        Assert.Equal("refresh_denied", result.GetProperty("error").GetProperty("code").GetString());
    }

    [Theory]
    [InlineData(null)]
    [InlineData("""{}""")]
    [InlineData("""{"token":""}""")]
    [InlineData("""{"token":17}""")]
    [InlineData("""["token"]""")]
    public async Task Refresh_WithoutAStringToken_IsInvalidArgs(string? args)
    {
        await using var server = Server(new TestCredentials());
        var client = await server.ConnectAsync();

        var result = await client.InvokeAsync("refresh", "r1", args: args);

        Assert.Equal("invalid_args", result.GetProperty("error").GetProperty("code").GetString());
    }

    [Fact]
    public async Task Refresh_WhenTheSeamThrows_IsHandlerError_AndTheEarlierExpiryHolds()
    {
        await using var server = Server(new TestCredentials());
        var client = await ConnectAsync(server, TestCredentials.Token("alice", server.Time.GetUtcNow().AddMinutes(10)));

        var result = await client.InvokeAsync("refresh", "r1", args: """{"token":"throw"}""");
        server.Time.Advance(TimeSpan.FromMinutes(10));

        Assert.Equal("handler_error", result.GetProperty("error").GetProperty("code").GetString());
        Assert.DoesNotContain("down", result.GetRawText(), StringComparison.Ordinal);
        Assert.Equal(4003, (await client.ReceiveUntilClosedAsync()).CloseCode);
    }

    [Fact]
    public async Task Refresh_ChecksEverySubscriptionAgain_AndEndsThoseNoLongerAllowed()
    {
        await using var server = Server(new TestCredentials(), claimAuthorizer: true);
        var expiresAt = server.Time.GetUtcNow().AddMinutes(10);
        var client = await ConnectAsync(server, TestCredentials.Token("alice", expiresAt, "p1", "p2"), "p1");
        await client.InvokeAsync("subscribe", "s1", "p2");

        await client.SendCommandAsync("refresh", "r1", args: $$"""{"token":"{{TestCredentials.Token("alice", expiresAt.AddHours(1), "p1")}}"}""");
        var answers = await client.ReceiveUntilAsync(m => m.GetProperty("type").GetString() == "result");
        await server.Publisher.PublishAsync("p2", "after", null);

        Assert.True(answers[^1].GetProperty("ok").GetBoolean());
        Assert.Equal("p2", Assert.Single(answers, m => m.GetProperty("type").GetString() == "unsubscribed").GetProperty("project").GetString());
        Assert.Equal(["p1"], server.Manager.GetProjects(client.Id));
        Assert.Empty(await client.BarrierAsync());
    }

    [Fact]
    public async Task Refresh_NoticeOfAnEndedSubscription_ComesBeforeTheResult()
    {
        await using var server = Server(new TestCredentials(), claimAuthorizer: true);
        var expiresAt = server.Time.GetUtcNow().AddMinutes(10);
        var client = await ConnectAsync(server, TestCredentials.Token("alice", expiresAt, "p1"), "p1");

        await client.SendCommandAsync("refresh", "r1", args: $$"""{"token":"{{TestCredentials.Token("alice", expiresAt, "p9")}}"}""");
        var notice = await client.ReceiveAsync();
        var result = await client.ReceiveAsync();

        Assert.Equal("unsubscribed", notice.GetProperty("type").GetString());
        Assert.Equal("p1", notice.GetProperty("project").GetString());
        Assert.Equal("revoked", notice.GetProperty("reason").GetString());
        Assert.Equal("result", result.GetProperty("type").GetString());
    }
}
