using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using ProjectSockets.AspNetCore.Tests.Testing;

namespace ProjectSockets.AspNetCore.Tests.Internal;

/// <summary>Stopping the application closes every connection gracefully.</summary>
public sealed class ProjectSocketsShutdownTests
{
    [Fact]
    public async Task StoppingTheApp_SendsEveryClientDisconnectedAndClose1001()
    {
        await using var host = await KestrelHost.StartAsync();
        var clients = await Task.WhenAll(
            host.ConnectAsync("/ws/p1"), host.ConnectAsync("/ws/p1"), host.ConnectAsync("/ws/p2"),
            host.ConnectAsync("/ws/p3"), host.ConnectAsync("/ws"));

        var stop = host.StopAsync();
        var closes = await Task.WhenAll(clients.Select(c => c.ReceiveUntilClosedAsync()));
        await stop;

        Assert.All(closes, close =>
        {
            var disconnected = Assert.Single(close.Messages);
            Assert.Equal("disconnected", disconnected.GetProperty("type").GetString());
            Assert.Equal(1001, disconnected.GetProperty("code").GetInt32());
            Assert.True(disconnected.GetProperty("reconnect").GetBoolean());
            Assert.Equal(1001, close.CloseCode);
        });
        Assert.Equal(0, host.Services.GetRequiredService<IWebSocketManager>().ConnectionCount);
    }

    [Fact]
    public async Task StoppingTheApp_WithTwoMappedEndpoints_ClosesClientsOfBoth()
    {
        await using var host = await KestrelHost.StartAsync(app: a =>
        {
            a.MapProjectSockets();
            a.MapProjectSockets("/live/{projectId}");
        });
        var clients = await Task.WhenAll(host.ConnectAsync("/ws/p1"), host.ConnectAsync("/live/p1"));

        var stop = host.StopAsync();
        var closes = await Task.WhenAll(clients.Select(c => c.ReceiveUntilClosedAsync()));
        await stop;

        Assert.All(closes, close => Assert.Equal(1001, close.CloseCode));
    }
}
