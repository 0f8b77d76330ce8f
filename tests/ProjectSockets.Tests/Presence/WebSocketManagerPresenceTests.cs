using System.Security.Claims;
using Microsoft.Extensions.DependencyInjection;
using NSubstitute;
using ProjectSockets.Tests.Commands;
using ProjectSockets.Tests.Testing;
using ProjectSockets.Tests.Users;

namespace ProjectSockets.Tests.Presence;

public sealed class WebSocketManagerPresenceTests
{
    [Fact]
    public async Task PresenceCommand_ListsMembers_WithUserAndConnectedAt()
    {
        await using var server = new TestServer(o => o.Presence.Enabled = true);
        var alice = await WebSocketManagerUsersTests.ConnectAsAsync(server, "alice");
        await alice.InvokeAsync("subscribe", "1", "p1");

        var result = await alice.InvokeAsync("presence", "2", "p1");

        var data = result.GetProperty("data");
        Assert.Equal("p1", data.GetProperty("project").GetString());
        Assert.Equal(1, data.GetProperty("count").GetInt64());
        Assert.False(data.GetProperty("truncated").GetBoolean());
        var member = Assert.Single(data.GetProperty("members").EnumerateArray());
        Assert.Equal(alice.Id, member.GetProperty("connectionId").GetString());
        Assert.Equal("alice", member.GetProperty("userId").GetString());
        Assert.Equal(server.Time.GetUtcNow(), member.GetProperty("connectedAt").GetDateTimeOffset());
        Assert.False(member.TryGetProperty("info", out _));
    }

    [Fact]
    public async Task PresenceCommand_OnAProjectWithoutPresence_IsPresenceDisabled()
    {
        await using var server = new TestServer(o =>
        {
            o.Presence.Enabled = true;
            o.Presence.Projects.Add("team-*");
        });
        var client = await server.ConnectAsync();

        WebSocketManagerCommandsTests.AssertFailure(await client.InvokeAsync("presence", "1", "p1"), "presence_disabled");
        Assert.True((await client.InvokeAsync("presence", "2", "team-a")).GetProperty("ok").GetBoolean());
    }

    [Fact]
    public async Task PresenceCommand_WhenPresenceIsOff_IsPresenceDisabled()
    {
        await using var server = new TestServer();
        var client = await server.ConnectAsync();

        WebSocketManagerCommandsTests.AssertFailure(await client.InvokeAsync("presence", "1", "p1"), "presence_disabled");
    }

    [Fact]
    public async Task PresenceCommand_WhenTheAuthorizerRefusesTheProject_IsForbidden()
    {
        var authorizer = Substitute.For<IProjectAuthorizer>();
        authorizer.CanSubscribeAsync(Arg.Any<ConnectionRequest>(), "secret", Arg.Any<CancellationToken>()).Returns(false);
        await using var server = new TestServer(o => o.Presence.Enabled = true, services: s => s.AddSingleton(authorizer));
        var client = await server.ConnectAsync();

        WebSocketManagerCommandsTests.AssertFailure(await client.InvokeAsync("presence", "1", "secret"), "forbidden");
    }

    [Fact]
    public async Task PresenceCommand_WithoutProject_IsBadRequest()
    {
        await using var server = new TestServer(o => o.Presence.Enabled = true);
        var client = await server.ConnectAsync();

        WebSocketManagerCommandsTests.AssertFailure(await client.InvokeAsync("presence", "1"), "bad_request");
    }

    [Fact]
    public async Task PresenceCommand_ListsAtMostMaxMembersInReply_ButCountsThemAll()
    {
        await using var server = new TestServer(o =>
        {
            o.Presence.Enabled = true;
            o.Presence.MaxMembersInReply = 1;
        });
        var first = await server.ConnectAsync("p1");
        await server.ConnectAsync("p1");

        var data = (await first.InvokeAsync("presence", "1", "p1")).GetProperty("data");

        Assert.Equal(2, data.GetProperty("count").GetInt64());
        Assert.Single(data.GetProperty("members").EnumerateArray());
        Assert.True(data.GetProperty("truncated").GetBoolean());
    }

    [Fact]
    public async Task SubscribeWithPresence_ReceivesJoinAndLeaveOfOthers_ButNotItsOwn()
    {
        await using var server = new TestServer(o => o.Presence.Enabled = true);
        var watcher = await server.ConnectAsync();
        await watcher.InvokeAsync("subscribe", "1", "p1", """{"presence":true}""");
        var plain = await server.ConnectAsync("p1");

        var joined = await server.ConnectAsync();
        await joined.InvokeAsync("subscribe", "1", "p1");
        await joined.InvokeAsync("unsubscribe", "2", "p1");

        var seen = await watcher.BarrierAsync();
        Assert.Equal(["join", "join", "leave"], seen.Select(m => m.GetProperty("type").GetString()));
        Assert.Equal(plain.Id, seen[0].GetProperty("member").GetProperty("connectionId").GetString());
        Assert.Equal(joined.Id, seen[2].GetProperty("member").GetProperty("connectionId").GetString());
        Assert.Empty(await plain.BarrierAsync());
    }

    [Fact]
    public async Task AConnectionThatEnds_LeavesEveryProjectsPresence()
    {
        await using var server = new TestServer(o => o.Presence.Enabled = true);
        var watcher = await server.ConnectAsync();
        await watcher.InvokeAsync("subscribe", "1", "p1", """{"presence":true}""");
        var leaving = await server.ConnectAsync("p1");
        await leaving.InvokeAsync("subscribe", "1", "p2");
        var presence = server.Services.GetRequiredService<IProjectPresence>();
        Assert.Equal(2, await presence.GetCountAsync("p1"));

        await WebSocketManagerUsersTests.DisconnectAsync(server, leaving);

        Assert.Equal(["join", "leave"], (await watcher.BarrierAsync()).Select(m => m.GetProperty("type").GetString()));
        Assert.Equal(1, await presence.GetCountAsync("p1"));
        Assert.Equal(0, await presence.GetCountAsync("p2"));
        Assert.Equal([watcher.Id], (await presence.GetMembersAsync("p1")).Select(m => m.ConnectionId));
    }

    [Fact]
    public async Task SubscribeWithPresence_OnAProjectWithoutPresence_IsPresenceDisabled_AndDoesNotSubscribe()
    {
        await using var server = new TestServer();
        var client = await server.ConnectAsync();

        WebSocketManagerCommandsTests.AssertFailure(await client.InvokeAsync("subscribe", "1", "p1", """{"presence":true}"""), "presence_disabled");
        Assert.Equal(0, server.Manager.GetSubscriberCount("p1"));
    }

    [Fact]
    public async Task SubscribeWithPresence_NotABoolean_IsInvalidArgs()
    {
        await using var server = new TestServer(o => o.Presence.Enabled = true);
        var client = await server.ConnectAsync();

        WebSocketManagerCommandsTests.AssertFailure(await client.InvokeAsync("subscribe", "1", "p1", """{"presence":"yes"}"""), "invalid_args");
    }

    [Fact]
    public async Task AnInfoProvider_AddsInfo_AndOneThatThrows_LeavesItOut()
    {
        var info = Substitute.For<IPresenceInfoProvider>();
        info.GetInfo(Arg.Any<ConnectionRequest>(), "p1").Returns(new { role = "reviewer" });
        info.GetInfo(Arg.Any<ConnectionRequest>(), "p2").Returns(_ => throw new InvalidOperationException("broken"));
        await using var server = new TestServer(o => o.Presence.Enabled = true, services: s => s.AddSingleton(info));
        var client = await server.ConnectAsync("p1");
        await client.InvokeAsync("subscribe", "1", "p2");

        var p1 = Assert.Single(await server.Services.GetRequiredService<IProjectPresence>().GetMembersAsync("p1"));
        var p2 = Assert.Single(await server.Services.GetRequiredService<IProjectPresence>().GetMembersAsync("p2"));

        Assert.Equal("reviewer", p1.Info!.Value.GetProperty("role").GetString());
        Assert.Null(p2.Info);
    }

    [Fact]
    public async Task APresenceCommandRegisteredByTheHost_FailsAtStartUp()
    {
        var services = new ServiceCollection();
        services.AddProjectSockets().AddCommand<object, object>("presence", (args, _) => args);
        await using var provider = services.BuildServiceProvider();

        Assert.Throws<Microsoft.Extensions.Options.OptionsValidationException>(() => provider.GetRequiredService<IWebSocketManager>());
    }
}
