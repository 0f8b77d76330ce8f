using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using ProjectSockets.Specification.Tests;

namespace ProjectSockets.HttpListener.Tests;

/// <summary>Requests that HttpListener itself has already answered, or that are not upgrades: no error, a clear status.</summary>
public sealed class HttpListenerRequestTests
{
    [Theory]
    [InlineData("POST")]
    [InlineData("PUT")]
    public async Task UpgradeRequest_WithABodyButNoLength_IsAnswered411ByTheListener_WithoutAnErrorLog(string method)
    {
        var logs = new CapturingLoggerProvider();
        await using var host = await HttpListenerTestHost.StartAsync(services: s => s.AddLogging(b => b.AddProvider(logs).SetMinimumLevel(LogLevel.Trace)));
        var url = host.UrlOf("/ws/p1");

        // HttpListener answers 411 itself, and still hands the request to the host.
        var statuses = new List<int>();
        for (var i = 0; i < 5; i++)
        {
            statuses.Add(await RawHttpRequest.SendAsync(url, RawHttpRequest.Upgrade(url, method)));
        }

        using var client = await ProtocolTestClient.ConnectAsync(url);
        await client.SendAsync("""{"type":"ping"}""");
        await client.ReceiveAsync("pong");
        await host.StopAsync();

        Assert.All(statuses, s => Assert.Equal(411, s));
        Assert.Empty(logs.Errors);
    }

    [Fact]
    public async Task UpgradeRequest_WithPostAndABody_IsRefusedWith400_WithoutAnErrorLog()
    {
        var logs = new CapturingLoggerProvider();
        await using var host = await HttpListenerTestHost.StartAsync(services: s => s.AddLogging(b => b.AddProvider(logs).SetMinimumLevel(LogLevel.Trace)));
        var url = host.UrlOf("/ws/p1");

        var status = await RawHttpRequest.SendAsync(url, RawHttpRequest.Upgrade(url, "POST", "Content-Length: 5\r\n") + "hello");
        await host.StopAsync();

        Assert.Equal(400, status);
        Assert.Empty(logs.Errors);
    }
}
