using System.Text;

namespace ProjectSockets.StackExchangeRedis.Tests;

public sealed class HistoryEntryTests
{
    [Fact]
    public void EncodeAppend_WithSeqInFront_ParsesBackEveryField()
    {
        var payload = HistoryEntry.EncodeAppend(1_795_000_000_123, "agent_output", """{"text":"a|b"}"""u8);
        var entry = Encoding.UTF8.GetBytes("42|").Concat(payload).ToArray();

        Assert.True(HistoryEntry.TryParse(entry, out var parsed));
        Assert.Equal(42, parsed.Seq);
        Assert.Equal(1_795_000_000_123, parsed.UnixMs);
        Assert.Equal("agent_output", Encoding.UTF8.GetString(parsed.EventName));
        Assert.Equal("""{"text":"a|b"}""", Encoding.UTF8.GetString(parsed.Data));
    }

    [Fact]
    public void TryParseMessage_ReadsEpochThenEntry_AndEncodesTheWireEventOnce()
    {
        var message = Encoding.UTF8.GetBytes("""AAAAAAAAAAAAAAAA|7|1795000000123|task_started|{"id":1}""");

        Assert.True(HistoryEntry.TryParseMessage(message, out var epoch, out var parsed));
        var projectEvent = parsed.ToEvent("p1", Encoding.UTF8.GetString(epoch));

        Assert.Equal("AAAAAAAAAAAAAAAA", projectEvent.Epoch);
        Assert.Equal(7, projectEvent.Seq);
        Assert.Equal(
            """{"type":"event","project":"p1","event":"task_started","seq":7,"epoch":"AAAAAAAAAAAAAAAA","time":"2026-11-18T11:06:40.123Z","data":{"id":1}}""",
            Encoding.UTF8.GetString(projectEvent.Message.Span));
    }

    [Theory]
    [InlineData("")]
    [InlineData("x|1|e|{}")]
    [InlineData("1|x|e|{}")]
    [InlineData("1|2|{}")]
    [InlineData("1|2||{}")]
    public void TryParse_Malformed_ReturnsFalse(string entry)
        => Assert.False(HistoryEntry.TryParse(Encoding.UTF8.GetBytes(entry), out _));
}
