namespace ProjectSockets.Tests.Connections;

public sealed class QueryParametersTests
{
    [Fact]
    public void Parse_WithLeadingQuestionMark_ReadsEveryPairInOrder()
        => Assert.Equal(
            [new("events", "task_*,gate_running"), new("since", "41")],
            QueryParameters.Parse("?events=task_*,gate_running&since=41"));

    [Fact]
    public void Parse_DecodesPercentAndPlus()
        => Assert.Equal([new("a b", "x,y z")], QueryParameters.Parse("a+b=x%2Cy%20z"));

    [Fact]
    public void Parse_NameWithoutValue_HasEmptyValue()
        => Assert.Equal([new("flag", string.Empty)], QueryParameters.Parse("flag"));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("?")]
    [InlineData("&&")]
    public void Parse_EmptyQuery_HasNoPairs(string? query)
        => Assert.Empty(QueryParameters.Parse(query));

    [Fact]
    public void Parse_MalformedPercentEncoding_IsKeptAsIs()
        => Assert.Equal([new("since", "%zz")], QueryParameters.Parse("since=%zz"));

    [Fact]
    public void GetQueryValue_ReturnsFirstValueOfThatName()
    {
        var request = new ConnectionRequest { QueryString = "access_token=abc&since=1&since=2" };

        Assert.Equal("1", request.GetQueryValue("since"));
        Assert.Equal("abc", request.GetQueryValue("access_token"));
        Assert.Null(request.GetQueryValue("epoch"));
        Assert.Null(request.GetQueryValue("SINCE"));
    }
}
