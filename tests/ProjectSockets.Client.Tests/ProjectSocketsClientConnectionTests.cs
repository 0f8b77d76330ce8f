using ProjectSockets.Client.Tests.Testing;

namespace ProjectSockets.Client.Tests;

/// <summary>Runs against each real host adapter: see the derived classes.</summary>
public abstract class ProjectSocketsClientConnectionTests(TestHostKind host)
{
    [Fact]
    public async Task ConnectAsync_ReceivesWelcome_AndIsConnected()
    {
        await using var server = await TestServer.StartAsync(host);
        var probe = new ClientProbe(server.Url());
        await using var _ = probe;

        await probe.Client.ConnectAsync();

        Assert.Equal(ProjectSocketsClientState.Connecting, (await probe.WaitForStateAsync(ProjectSocketsClientState.Connecting)).State);
        await probe.WaitForStateAsync(ProjectSocketsClientState.Connected);
        Assert.Equal(ProjectSocketsClientState.Connected, probe.Client.State);
        Assert.Contains(probe.Client.ConnectionId, server.Manager.GetConnectionIds());
    }

    [Fact]
    public async Task ConnectAsync_WithRouteProject_DeliversItsEvents()
    {
        await using var server = await TestServer.StartAsync(host);
        await using var probe = await ClientProbe.ConnectAsync(server.Url("p1"));

        await server.PublishAsync("p1", "task_started", new { taskId = "t1" });
        var evt = Assert.Single(await probe.WaitForEventsAsync("p1", 1));

        Assert.Equal("task_started", evt.Name);
        Assert.Equal(1, evt.Seq);
        Assert.Equal("t1", evt.Data.GetProperty("taskId").GetString());
    }

    [Fact]
    public async Task ConnectAsync_RefusedWith403_ThrowsWithStatusAndStaysDisconnected()
    {
        await using var server = await TestServer.StartAsync(host);
        server.Authorizer.RefuseRoute = true;
        var probe = new ClientProbe(server.Url("p1"));
        await using var _ = probe;

        var exception = await Assert.ThrowsAsync<ProjectSocketsConnectionException>(() => probe.Client.ConnectAsync());

        Assert.Equal(403, exception.StatusCode);
        Assert.Equal(ProjectSocketsClientState.Disconnected, probe.Client.State);
    }

    [Fact]
    public async Task AccessTokenProvider_IsCalledOnEveryConnect_AndSentAsBearer()
    {
        await using var server = await TestServer.StartAsync(host);
        var calls = 0;
        await using var probe = await ClientProbe.ConnectAsync(server.Url("p1"), o => o.AccessTokenProvider = _ => ValueTask.FromResult<string?>($"token-{Interlocked.Increment(ref calls)}"));

        await server.Manager.DisconnectAsync(probe.Client.ConnectionId!, ProtocolCloseCodes.InternalError, "test");
        await probe.WaitForStateAsync(ProjectSocketsClientState.Reconnecting);
        await probe.WaitForStateAsync(ProjectSocketsClientState.Connected);

        Assert.Equal(new[] { "Bearer token-1", "Bearer token-2" }, server.Authorizer.Authorizations.ToArray());
    }

    [Fact]
    public async Task DisposeAsync_ClosesWith1000()
    {
        await using var server = await TestServer.StartAsync(host);
        var probe = await ClientProbe.ConnectAsync(server.Url());
        var connectionId = probe.Client.ConnectionId;

        await probe.Client.DisposeAsync();

        await server.Log.WaitForAsync("ConnectionClosed", $"{connectionId} closed with 1000");
        var change = await probe.WaitForStateAsync(ProjectSocketsClientState.Disconnected);
        Assert.Equal(1000, change.CloseCode);
    }

    [Theory]
    [InlineData(ProtocolCloseCodes.PolicyViolation)]
    [InlineData(ProtocolCloseCodes.Normal)]
    public async Task ServerClose_ThatForbidsRetry_EndsDisconnectedWithoutReconnecting(int closeCode)
    {
        await using var server = await TestServer.StartAsync(host);
        await using var probe = await ClientProbe.ConnectAsync(server.Url("p1"));

        await server.Manager.DisconnectAsync(probe.Client.ConnectionId!, closeCode, "test");
        var change = await probe.WaitForStateAsync(ProjectSocketsClientState.Disconnected);

        Assert.Equal(closeCode, change.CloseCode);
        Assert.Equal(ProjectSocketsClientState.Connected, change.PreviousState);
        Assert.Equal(1, server.Upgrades);
    }

    [Fact]
    public async Task Reconnect_RefusedWith403_StopsTrying()
    {
        await using var server = await TestServer.StartAsync(host);
        await using var probe = await ClientProbe.ConnectAsync(server.Url("p1"));
        server.Authorizer.RefuseRoute = true;

        await server.Manager.DisconnectAsync(probe.Client.ConnectionId!, ProtocolCloseCodes.InternalError, "test");
        var change = await probe.WaitForStateAsync(ProjectSocketsClientState.Disconnected);

        Assert.Equal(403, Assert.IsType<ProjectSocketsConnectionException>(change.Exception).StatusCode);
        Assert.Equal(2, server.Upgrades);
    }

    [Fact]
    public async Task Reconnect_Refused503_KeepsTrying()
    {
        await using var server = await TestServer.StartAsync(host);
        await using var probe = await ClientProbe.ConnectAsync(server.Url("p1"));
        var refusals = 0;
        server.Refuse = () => Interlocked.Increment(ref refusals) <= 2 ? 503 : null;

        await server.Manager.DisconnectAsync(probe.Client.ConnectionId!, ProtocolCloseCodes.GoingAway, "test");
        await probe.WaitForStateAsync(ProjectSocketsClientState.Reconnecting);
        await probe.WaitForStateAsync(ProjectSocketsClientState.Connected);

        Assert.Equal(4, server.Upgrades);
    }
}
