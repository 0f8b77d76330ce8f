using ProjectSockets.AspNetCore.Tests.Testing;

namespace ProjectSockets.AspNetCore.Tests.Samples;

/// <summary>The sample's private projects: <c>Sample:Tokens:{projectId}</c>.</summary>
public sealed class TokenProjectAuthorizerTests
{
    private const string Private = AgentDashboardHost.PrivateProject;
    private const string Token = AgentDashboardHost.PrivateToken;

    [Fact]
    public async Task Connect_ToPrivateProjectWithoutToken_IsRefusedWith403()
    {
        await using var host = await AgentDashboardHost.StartAsync();

        var status = await host.TryConnectAsync($"/ws/{Private}");

        Assert.Equal(403, status);
    }

    [Fact]
    public async Task Connect_ToPrivateProjectWithWrongToken_IsRefusedWith403()
    {
        await using var host = await AgentDashboardHost.StartAsync();

        var status = await host.TryConnectAsync($"/ws/{Private}?access_token={Token}x");

        Assert.Equal(403, status);
    }

    [Fact]
    public async Task Connect_ToPrivateProjectWithQueryToken_IsWelcomed()
    {
        await using var host = await AgentDashboardHost.StartAsync();

        var client = await host.ConnectAsync($"/ws/{Private}?access_token={Token}");

        Assert.Equal(Private, client.Welcome.GetProperty("subscriptions")[0].GetProperty("project").GetString());
    }

    [Fact]
    public async Task Connect_ToPrivateProjectWithBearerHeader_IsWelcomed()
    {
        await using var host = await AgentDashboardHost.StartAsync();

        var client = await host.ConnectAsync($"/ws/{Private}", o => o.SetRequestHeader("Authorization", "Bearer " + Token));

        Assert.Equal(Private, client.Welcome.GetProperty("subscriptions")[0].GetProperty("project").GetString());
    }

    [Fact]
    public async Task Connect_ToPublicProjectWithoutToken_IsWelcomed()
    {
        await using var host = await AgentDashboardHost.StartAsync();

        var status = await host.TryConnectAsync("/ws/open-project");

        Assert.Equal(101, status);
    }

    [Fact]
    public async Task Connect_ToProjectWhoseKeyDiffersOnlyInCase_IsStillPrivate()
    {
        await using var host = await AgentDashboardHost.StartAsync();

        var status = await host.TryConnectAsync("/ws/VAULT");

        Assert.Equal(403, status);
    }

    [Fact]
    public async Task Subscribe_ToPrivateProjectWithoutToken_FailsWithForbidden()
    {
        await using var host = await AgentDashboardHost.StartAsync();
        var client = await host.ConnectAsync("/ws/demo");

        var result = await client.InvokeAsync("subscribe", "1", Private);

        Assert.False(result.GetProperty("ok").GetBoolean());
        Assert.Equal("forbidden", result.GetProperty("error").GetProperty("code").GetString());
    }

    [Fact]
    public async Task Subscribe_ToPrivateProjectWithToken_Succeeds()
    {
        await using var host = await AgentDashboardHost.StartAsync();
        var client = await host.ConnectAsync($"/ws/demo?access_token={Token}");

        var result = await client.InvokeAsync("subscribe", "1", Private);

        Assert.True(result.GetProperty("ok").GetBoolean());
    }

    [Fact]
    public async Task Command_OnPrivateProjectWithoutToken_FailsWithForbidden()
    {
        await using var host = await AgentDashboardHost.StartAsync();
        var client = await host.ConnectAsync("/ws/demo");

        var result = await client.InvokeAsync("start_task", "1", Private, """{"title":"sneaky"}""");

        Assert.Equal("forbidden", result.GetProperty("error").GetProperty("code").GetString());
    }
}
