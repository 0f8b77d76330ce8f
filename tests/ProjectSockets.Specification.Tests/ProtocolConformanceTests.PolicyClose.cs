using System.Text.Json;

namespace ProjectSockets.Specification.Tests;

/// <summary>A policy close (1008) first sends the answers already queued, so the client learns why it is closed.</summary>
public abstract partial class ProtocolConformanceTests
{
    [Fact]
    public async Task PolicyClose_ForProtocolErrors_SendsTheQueuedAnswersBeforeDisconnected()
    {
        await using var host = await StartAsync(o =>
        {
            o.PolicyClose.MaxProtocolErrors = 3;
            o.CloseTimeout = LongCloseTimeout;
        });
        using var client = await ConnectAsync(host);

        // One WebSocket message: the third answer is queued and the close decided in the same step.
        await client.SendAsync(string.Concat(
            ProtocolTestClient.Command("not a name!", "1"),
            ProtocolTestClient.Command("not a name!", "2"),
            ProtocolTestClient.Command("not a name!", "3")));
        var closed = await client.ReceiveUntilClosedAsync();

        AssertDisconnected(closed, 1008, reconnect: false);
        var results = Results(closed);
        Assert.Equal(["1", "2", "3"], results.Select(r => r.GetProperty("id").GetString()));
        Assert.All(results, r => AssertFailure(r, r.GetProperty("id").GetString(), "bad_request"));
    }

    [Fact]
    public async Task PolicyClose_ForFlooding_SendsTheQueuedAnswersBeforeDisconnected()
    {
        await using var host = await StartAsync(o =>
        {
            o.CommandRate.BurstLimit = 1;
            o.CommandRate.TokensPerSecond = 0.001;
            o.PolicyClose.MaxRateLimitedAnswers = 2;
            o.CloseTimeout = LongCloseTimeout;
        });
        using var client = await ConnectAsync(host);

        await client.SendAsync(string.Concat(
            ProtocolTestClient.Command("unsubscribe", "0", "p1"),
            ProtocolTestClient.Command(ConformanceCommands.Echo, "1"),
            ProtocolTestClient.Command(ConformanceCommands.Echo, "2")));
        var closed = await client.ReceiveUntilClosedAsync();

        AssertDisconnected(closed, 1008, reconnect: false);
        var results = Results(closed);
        Assert.Equal(["0", "1", "2"], results.Select(r => r.GetProperty("id").GetString()));
        Assert.True(results[0].GetProperty("ok").GetBoolean());
        AssertFailure(results[1], "1", "rate_limited");
        AssertFailure(results[2], "2", "rate_limited");
    }

    private static List<JsonElement> Results(ClosedConnection closed)
        => [.. closed.Messages.Where(m => m.GetProperty("type").GetString() == "result")];
}
