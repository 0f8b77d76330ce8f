using System.Text;
using System.Text.Json;

namespace ProjectSockets.Tests.Protocol;

public sealed class ProtocolWriterTests
{
    private static readonly DateTimeOffset s_time = new(2026, 11, 27, 10, 0, 0, 123, TimeSpan.Zero);

    [Fact]
    public void Event_WritesCompactEventMessage()
    {
        var bytes = ProtocolWriter.Event("p1", "task_started", 42, "E1", s_time, """{"taskId":"t1"}"""u8);

        Assert.Equal(
            """{"type":"event","project":"p1","event":"task_started","seq":42,"epoch":"E1","time":"2026-11-27T10:00:00.123Z","data":{"taskId":"t1"}}""",
            Encoding.UTF8.GetString(bytes));
    }

    [Fact]
    public void Event_WritesTimeInUtc()
    {
        var local = new DateTimeOffset(2026, 11, 27, 12, 0, 0, 5, TimeSpan.FromHours(2));

        var message = Parse(ProtocolWriter.Event("p1", "e", 1, "E", local, "null"u8));

        Assert.Equal("2026-11-27T10:00:00.005Z", message.GetProperty("time").GetString());
    }

    [Fact]
    public void DirectEvent_WithoutProject_HasNoSeqEpochOrProject()
    {
        var message = Parse(ProtocolWriter.DirectEvent(null, "notice", s_time, "1"u8));

        Assert.Equal("event", message.GetProperty("type").GetString());
        Assert.Equal("notice", message.GetProperty("event").GetString());
        Assert.Equal(1, message.GetProperty("data").GetInt32());
        Assert.False(message.TryGetProperty("project", out _));
        Assert.False(message.TryGetProperty("seq", out _));
        Assert.False(message.TryGetProperty("epoch", out _));
    }

    [Fact]
    public void DirectEvent_WithProject_NamesIt()
        => Assert.Equal("p9", Parse(ProtocolWriter.DirectEvent("p9", "notice", s_time, "null"u8)).GetProperty("project").GetString());

    [Fact]
    public void Welcome_WithRoute_WritesEveryField()
    {
        var heartbeat = new HeartbeatPolicy { Interval = TimeSpan.FromSeconds(30), Timeout = TimeSpan.FromSeconds(90) };

        var bytes = ProtocolWriter.Welcome("c1", heartbeat, 65536, new SubscriptionPosition("p1", 41, "E", true));

        Assert.Equal(
            """{"type":"welcome","connectionId":"c1","protocol":1,"heartbeat":{"intervalMs":30000,"timeoutMs":90000},"maxMessageBytes":65536,"subscriptions":[{"project":"p1","seq":41,"epoch":"E","recovered":true}]}""",
            Encoding.UTF8.GetString(bytes));
    }

    [Fact]
    public void Welcome_WithoutRoute_HasEmptySubscriptions()
    {
        var message = Parse(ProtocolWriter.Welcome("c1", new HeartbeatPolicy(), 1024, null));

        Assert.Equal(0, message.GetProperty("subscriptions").GetArrayLength());
    }

    [Fact]
    public void SubscribeResult_WritesPositionAsData()
        => Assert.Equal(
            """{"type":"result","id":"1","ok":true,"data":{"project":"p2","seq":57,"epoch":"E","recovered":false}}""",
            Encoding.UTF8.GetString(ProtocolWriter.SubscribeResult("1", new SubscriptionPosition("p2", 57, "E", false))));

    [Fact]
    public void UnsubscribeResult_WritesProjectAsData()
        => Assert.Equal(
            """{"type":"result","id":"2","ok":true,"data":{"project":"p2"}}""",
            Encoding.UTF8.GetString(ProtocolWriter.UnsubscribeResult("2", "p2")));

    [Fact]
    public void Result_WithData_WritesItRaw()
        => Assert.Equal(
            """{"type":"result","id":"3","ok":true,"data":{"taskId":"t1"}}""",
            Encoding.UTF8.GetString(ProtocolWriter.Result("3", """{"taskId":"t1"}"""u8)));

    [Fact]
    public void Result_WithoutData_WritesNull()
        => Assert.Equal("""{"type":"result","id":"3","ok":true,"data":null}""", Encoding.UTF8.GetString(ProtocolWriter.Result("3", default)));

    [Fact]
    public void Failure_WithId_IsResult()
        => Assert.Equal(
            """{"type":"result","id":"4","ok":false,"error":{"code":"task_not_found","message":"No such task."}}""",
            Encoding.UTF8.GetString(ProtocolWriter.Failure("4", "task_not_found", "No such task.")));

    [Fact]
    public void Failure_WithoutId_IsError()
        => Assert.Equal(
            """{"type":"error","error":{"code":"bad_request","message":"Nope."}}""",
            Encoding.UTF8.GetString(ProtocolWriter.Failure(null, "bad_request", "Nope.")));

    [Theory]
    [InlineData(4001, "slow consumer", true)]
    [InlineData(1000, "bye", false)]
    [InlineData(1008, "too many protocol errors", false)]
    public void Disconnected_WritesCodeReasonAndReconnect(int code, string reason, bool reconnect)
        => Assert.Equal(
            $$"""{"type":"disconnected","code":{{code}},"reason":"{{reason}}","reconnect":{{(reconnect ? "true" : "false")}}}""",
            Encoding.UTF8.GetString(ProtocolWriter.Disconnected(code, reason)));

    [Fact]
    public void PingAndPong_AreTypeOnly()
    {
        Assert.Equal("""{"type":"ping"}""", Encoding.UTF8.GetString(ProtocolWriter.Ping));
        Assert.Equal("""{"type":"pong"}""", Encoding.UTF8.GetString(ProtocolWriter.Pong));
    }

    [Fact]
    public void Messages_WithNewlinesInText_ContainNoRawNewline()
    {
        var messages = new[]
        {
            ProtocolWriter.Failure("line\none", "bad_request", "two\nlines\r\n"),
            ProtocolWriter.Failure(null, "x", "\u2028\n"),
            ProtocolWriter.UnsubscribeResult("a\nb", "p1"),
            ProtocolWriter.Result("\n", "1"u8),
            ProtocolWriter.Disconnected(1000, "see\nyou"),
        };

        Assert.All(messages, bytes =>
        {
            Assert.DoesNotContain((byte)'\n', bytes);
            Assert.DoesNotContain((byte)'\r', bytes);
            Parse(bytes);
        });
    }

    [Fact]
    public void Failure_RoundTripsTextWithNewlines()
    {
        var message = Parse(ProtocolWriter.Failure("a\nb", "x", "two\nlines"));

        Assert.Equal("a\nb", message.GetProperty("id").GetString());
        Assert.Equal("two\nlines", message.GetProperty("error").GetProperty("message").GetString());
    }

    [Fact]
    public void Event_WithLargeData_IsWhole()
    {
        var data = Encoding.UTF8.GetBytes(JsonSerializer.Serialize(new string('x', 200_000)));

        var first = ProtocolWriter.Event("p1", "big", 1, "E", s_time, data);
        var second = ProtocolWriter.Event("p1", "small", 2, "E", s_time, "1"u8);

        Assert.Equal(200_000, Parse(first).GetProperty("data").GetString()!.Length);
        Assert.Equal("small", Parse(second).GetProperty("event").GetString());
    }

    private static JsonElement Parse(byte[] bytes) => JsonDocument.Parse(bytes).RootElement;
}
