using ProjectSockets.Client.Internal;

namespace ProjectSockets.Client.Tests.Internal;

public sealed class ReconnectBackoffTests
{
    [Theory]
    [InlineData(1, 0.0, 1000)]
    [InlineData(2, 0.0, 2000)]
    [InlineData(3, 0.0, 4000)]
    [InlineData(10, 0.0, 30000)]
    [InlineData(1, 1.0, 500)]
    [InlineData(3, 0.5, 3000)]
    public void Delay_GrowsExponentially_IsCapped_AndJitterShortensIt(int attempt, double random, int expectedMs)
    {
        var options = new ReconnectOptions();

        var delay = ReconnectBackoff.Delay(options, attempt, random);

        Assert.Equal(TimeSpan.FromMilliseconds(expectedMs), delay);
    }

    [Theory]
    [InlineData(1000, false)]
    [InlineData(1003, false)]
    [InlineData(1007, false)]
    [InlineData(1008, false)]
    [InlineData(1009, false)]
    [InlineData(1001, true)]
    [InlineData(1011, true)]
    [InlineData(4001, true)]
    [InlineData(4002, true)]
    [InlineData(null, true)]
    public void ShouldReconnect_FollowsTheCloseCodeTable(int? closeCode, bool expected)
        => Assert.Equal(expected, ReconnectBackoff.ShouldReconnect(closeCode, null));

    [Fact]
    public void ShouldReconnect_ServerAdviceWins()
        => Assert.False(ReconnectBackoff.ShouldReconnect(ProtocolCloseCodes.InternalError, serverAdvice: false));

    [Theory]
    [InlineData(400, false)]
    [InlineData(401, false)]
    [InlineData(403, false)]
    [InlineData(404, true)]
    [InlineData(429, true)]
    [InlineData(500, true)]
    [InlineData(503, true)]
    public void ShouldRetry_RefusedUpgrade_RetriesAllBut400_401_403(int status, bool expected)
        => Assert.Equal(expected, ReconnectBackoff.ShouldRetry(new ProjectSocketsConnectionException("refused") { StatusCode = status }));

    [Fact]
    public void ShouldRetry_NetworkError_Retries()
        => Assert.True(ReconnectBackoff.ShouldRetry(new System.Net.WebSockets.WebSocketException()));
}
