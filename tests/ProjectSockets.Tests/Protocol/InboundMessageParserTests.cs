using System.Text;

namespace ProjectSockets.Tests.Protocol;

public sealed class InboundMessageParserTests
{
    [Fact]
    public void Parse_WellFormedCommand_ReadsEveryField()
    {
        var message = Single("""{"type":"command","id":"17","command":"start_task","project":"p1","args":{"title":"build"}}""");

        Assert.True(message.IsValid);
        Assert.Equal(InboundMessageType.Command, message.Type);
        Assert.Equal("17", message.Id);
        Assert.Equal("start_task", message.Command);
        Assert.Equal("p1", message.Project);
        Assert.Equal("""{"title":"build"}""", Encoding.UTF8.GetString(message.Args!));
    }

    [Fact]
    public void Parse_CommandWithOnlyRequiredFields_IsValid()
    {
        var message = Single("""{"type":"command","command":"start_task"}""");

        Assert.True(message.IsValid);
        Assert.Null(message.Id);
        Assert.Null(message.Project);
        Assert.Null(message.Args);
    }

    [Theory]
    [InlineData("""{"type":"ping"}""", "Ping")]
    [InlineData("""{"type":"pong"}""", "Pong")]
    [InlineData("""{"type":"ping","id":"ignored","extra":[1,2]}""", "Ping")]
    public void Parse_PingOrPong_ReadsType(string json, string type)
    {
        var message = Single(json);

        Assert.True(message.IsValid);
        Assert.Equal(type, message.Type.ToString());
    }

    [Theory]
    [InlineData("hello")]
    [InlineData("{\"type\":\"ping\"")]
    [InlineData("{'type':'ping'}")]
    [InlineData("{\"type\":\"ping\",}")]
    public void Parse_NotJson_IsBadRequest(string text)
        => AssertBadRequest(Assert.Single(InboundMessageParser.Parse(Encoding.UTF8.GetBytes(text))));

    [Theory]
    [InlineData("[]")]
    [InlineData("42")]
    [InlineData("\"ping\"")]
    [InlineData("null")]
    [InlineData("true")]
    public void Parse_NotAnObject_IsBadRequest(string json)
        => AssertBadRequest(Single(json), "object");

    [Theory]
    [InlineData("")]
    [InlineData("   \n ")]
    public void Parse_EmptyMessage_IsBadRequest(string text)
        => AssertBadRequest(Single(text));

    [Fact]
    public void Parse_MissingType_IsBadRequest()
        => AssertBadRequest(Single("""{"command":"start_task"}"""), "type");

    [Fact]
    public void Parse_UnknownType_IsBadRequest()
        => AssertBadRequest(Single("""{"type":"hello","id":"1"}"""), "type");

    [Theory]
    [InlineData("""{"type":1}""", "type")]
    [InlineData("""{"type":"command","command":"x","id":17}""", "id")]
    [InlineData("""{"type":"command","command":["x"]}""", "command")]
    [InlineData("""{"type":"command","command":"x","project":{}}""", "project")]
    [InlineData("""{"type":"command","command":"x","project":true}""", "project")]
    public void Parse_FieldOfWrongType_IsBadRequestNamingIt(string json, string field)
        => AssertBadRequest(Single(json), $"'{field}'");

    [Fact]
    public void Parse_IdOfWrongType_HasNoId()
        => Assert.Null(Single("""{"type":"command","command":"x","id":17}""").Id);

    [Fact]
    public void Parse_BadCommandWithReadableId_KeepsTheId()
    {
        var message = Single("""{"type":"command","id":"9","command":"start task"}""");

        AssertBadRequest(message, "command");
        Assert.Equal("9", message.Id);
    }

    [Fact]
    public void Parse_IdOver64Characters_IsBadRequestWithoutId()
    {
        var message = Single($$"""{"type":"command","command":"x","id":"{{new string('i', 65)}}"}""");

        AssertBadRequest(message, "id");
        Assert.Null(message.Id);
    }

    [Fact]
    public void Parse_IdOf64Characters_IsValid()
        => Assert.True(Single($$"""{"type":"command","command":"x","id":"{{new string('i', 64)}}"}""").IsValid);

    [Fact]
    public void Parse_EmptyId_IsBadRequest()
        => AssertBadRequest(Single("""{"type":"command","command":"x","id":""}"""), "id");

    [Fact]
    public void Parse_EscapedIdWithNewline_IsReadUnescaped()
        => Assert.Equal("a\nb", Single("""{"type":"command","command":"x","id":"a\nb"}""").Id);

    [Theory]
    [InlineData("""{"type":"command","id":"1","command":"\ud800"}""")]
    [InlineData("""{"type":"command","id":"\udc00","command":"x"}""")]
    [InlineData("""{"type":"command","command":"x","project":"p\ud83d"}""")]
    [InlineData("""{"type":"\ud800"}""")]
    public void Parse_StringWithLoneSurrogate_IsBadRequest(string json)
        => AssertBadRequest(Single(json));

    [Fact]
    public void Parse_MissingCommand_IsBadRequest()
        => AssertBadRequest(Single("""{"type":"command","id":"1"}"""), "command");

    [Theory]
    [InlineData("start task")]
    [InlineData("")]
    [InlineData("start_task*")]
    public void Parse_CommandNameBreakingRules_IsBadRequest(string command)
        => AssertBadRequest(Single($$"""{"type":"command","command":"{{command}}"}"""), "command");

    [Fact]
    public void Parse_CommandNameOver64Characters_IsBadRequest()
        => AssertBadRequest(Single($$"""{"type":"command","command":"{{new string('c', 65)}}"}"""), "command");

    [Theory]
    [InlineData("p/1")]
    [InlineData("..")]
    [InlineData("")]
    public void Parse_ProjectBreakingRules_IsBadRequest(string project)
        => AssertBadRequest(Single($$"""{"type":"command","command":"x","project":"{{project}}"}"""), "project");

    [Theory]
    [InlineData("""{"type":"command","type":"command","command":"x"}""")]
    [InlineData("""{"type":"command","command":"x","id":"1","id":"2"}""")]
    [InlineData("""{"type":"command","command":"x","command":"y"}""")]
    [InlineData("""{"type":"command","command":"x","project":"p","project":"p"}""")]
    [InlineData("""{"type":"command","command":"x","args":{},"args":{}}""")]
    [InlineData("""{"type":"command","command":"x","\u0074ype":"command"}""")]
    [InlineData("""{"type":"command","command":"x","id":null,"id":"1"}""")]
    public void Parse_DuplicateKey_IsBadRequest(string json)
        => AssertBadRequest(Single(json), "more than once");

    [Fact]
    public void Parse_UnknownFields_AreIgnored()
    {
        var message = Single("""{"x":1,"type":"command","nested":{"type":"bad","id":[]},"command":"x","list":[{"a":null}],"x":2}""");

        Assert.True(message.IsValid);
        Assert.Equal("x", message.Command);
    }

    [Fact]
    public void Parse_NullFields_AreAbsent()
    {
        var message = Single("""{"type":"command","command":"x","id":null,"project":null,"args":null}""");

        Assert.True(message.IsValid);
        Assert.Null(message.Id);
        Assert.Null(message.Project);
        Assert.Null(message.Args);
    }

    [Fact]
    public void Parse_NullType_IsMissing()
        => AssertBadRequest(Single("""{"type":null}"""), "type");

    [Theory]
    [InlineData("[1,\"two\",{\"three\":3}]")]
    [InlineData("\"text\"")]
    [InlineData("12.5")]
    [InlineData("{\"a\":{\"b\":[true,false]}}")]
    public void Parse_Args_KeepsRawJsonOfAnyKind(string args)
    {
        var message = Single($$"""{"type":"command","command":"x","args":{{args}},"id":"1"}""");

        Assert.True(message.IsValid);
        Assert.Equal(args, Encoding.UTF8.GetString(message.Args!));
    }

    [Fact]
    public void Parse_SeveralObjects_ReturnsThemInOrder()
    {
        var messages = Parse("""
            {"type":"command","id":"1","command":"a"}
            {"type":"ping"}{"type":"command","id":"2","command":"b"}   {"type":"pong"}
            """);

        Assert.Collection(
            messages,
            m => Assert.Equal("a", m.Command),
            m => Assert.Equal(InboundMessageType.Ping, m.Type),
            m => Assert.Equal("b", m.Command),
            m => Assert.Equal(InboundMessageType.Pong, m.Type));
        Assert.All(messages, m => Assert.True(m.IsValid));
    }

    [Fact]
    public void Parse_InvalidObjectAmongOthers_DoesNotStopTheRest()
    {
        var messages = Parse("""{"type":"command","command":"a"} {"type":"nope"} {"type":"ping"}""");

        Assert.Equal(3, messages.Count);
        Assert.False(messages[1].IsValid);
        Assert.Equal(InboundMessageType.Ping, messages[2].Type);
    }

    [Theory]
    [InlineData("""{"type":"ping"} 5 {"type":"ping"}""")]
    [InlineData("""{"type":"ping"} [{"type":"ping"}] {"type":"ping"}""")]
    [InlineData("""{"type":"ping"} oops {"type":"ping"}""")]
    [InlineData("""{"type":"ping"} // comment""")]
    [InlineData("""{"type":"ping"} {"type": {"type":"ping"}""")]
    public void Parse_FirstNonObject_StopsTheRestWithOneBadRequest(string text)
    {
        var messages = Parse(text);

        Assert.Equal(2, messages.Count);
        Assert.True(messages[0].IsValid);
        AssertBadRequest(messages[1]);
    }

    [Fact]
    public void Parse_DeeplyNestedArgs_IsBadRequest()
    {
        var args = new string('[', 100) + new string(']', 100);

        AssertBadRequest(Single($$"""{"type":"command","command":"x","args":{{args}}}"""));
    }

    private static List<InboundMessage> Parse(string text) => InboundMessageParser.Parse(Encoding.UTF8.GetBytes(text));

    private static InboundMessage Single(string text) => Assert.Single(Parse(text));

    private static void AssertBadRequest(InboundMessage message, string? mentions = null)
    {
        Assert.False(message.IsValid);
        if (mentions is not null)
        {
            Assert.Contains(mentions, message.ErrorMessage, StringComparison.Ordinal);
        }
    }
}
