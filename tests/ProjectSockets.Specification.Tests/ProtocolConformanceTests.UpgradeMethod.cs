namespace ProjectSockets.Specification.Tests;

/// <summary>RFC 6455 upgrades GET requests only; any other method is a plain HTTP request that is refused.</summary>
public abstract partial class ProtocolConformanceTests
{
    [Theory]
    [InlineData("POST")]
    [InlineData("PUT")]
    [InlineData("DELETE")]
    public async Task UpgradeRequest_WithAMethodOtherThanGet_IsRefusedWith400(string method)
    {
        await using var host = await StartAsync();
        var url = UrlOf(host, "/ws/p1");

        var status = await RawHttpRequest.SendAsync(url, RawHttpRequest.Upgrade(url, method, "Content-Length: 0\r\n"));

        Assert.Equal(400, status);
        Assert.Equal(0, ManagerOf(host).ConnectionCount);
    }
}
