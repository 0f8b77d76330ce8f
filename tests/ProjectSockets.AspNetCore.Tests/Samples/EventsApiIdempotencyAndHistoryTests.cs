using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ProjectSockets.AspNetCore.Tests.Testing;

namespace ProjectSockets.AspNetCore.Tests.Samples;

/// <summary>
/// The sample's <c>Idempotency-Key</c> on <c>POST /api/projects/{p}/events</c>, and its
/// <c>GET /api/projects/{p}/events?since=N&amp;limit=M</c> with the WebSocket's token rule.
/// </summary>
public sealed class EventsApiIdempotencyAndHistoryTests
{
    private const string PublicPath = "/api/projects/demo/events";
    private const string PrivatePath = "/api/projects/" + AgentDashboardHost.PrivateProject + "/events";

    [Fact]
    public async Task PostEvent_RetriedWithTheSameIdempotencyKey_AnswersTheFirstSeq_AndPublishesOnce()
    {
        await using var host = await AgentDashboardHost.StartAsync();

        var first = await PostAsync(host, "retry-1");
        var retry = await PostAsync(host, "retry-1");
        var other = await PostAsync(host, "retry-2");

        Assert.Equal(1, first.GetProperty("seq").GetInt64());
        Assert.False(first.GetProperty("duplicate").GetBoolean());
        Assert.Equal(1, retry.GetProperty("seq").GetInt64());
        Assert.True(retry.GetProperty("duplicate").GetBoolean());
        Assert.Equal(2, other.GetProperty("seq").GetInt64());
        var page = await host.Http.GetFromJsonAsync<JsonElement>(PublicPath);
        Assert.Equal([1L, 2L], page.GetProperty("events").EnumerateArray().Select(e => e.GetProperty("seq").GetInt64()));
    }

    [Theory]
    [InlineData("")]
    [InlineData("has space")]
    public async Task PostEvent_WithBadIdempotencyKey_Returns400_AndPublishesNothing(string key)
    {
        await using var host = await AgentDashboardHost.StartAsync();

        using var request = new HttpRequestMessage(HttpMethod.Post, PublicPath) { Content = JsonContent.Create(new { @event = "e" }) };
        request.Headers.Authorization = new("Bearer", AgentDashboardHost.PublishKey);
        request.Headers.TryAddWithoutValidation("Idempotency-Key", key);
        using var response = await host.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(0, (await host.Http.GetFromJsonAsync<JsonElement>(PublicPath)).GetProperty("seq").GetInt64());
    }

    [Fact]
    public async Task GetEvents_SinceAndLimit_PagesThroughHistory()
    {
        await using var host = await AgentDashboardHost.StartAsync();
        for (var i = 1; i <= 5; i++)
        {
            await PostAsync(host, $"k{i}");
        }

        var page = await host.Http.GetFromJsonAsync<JsonElement>(PublicPath + "?since=1&limit=2");

        Assert.Equal([2L, 3L], page.GetProperty("events").EnumerateArray().Select(e => e.GetProperty("seq").GetInt64()));
        Assert.True(page.GetProperty("complete").GetBoolean());
        Assert.True(page.GetProperty("more").GetBoolean());
    }

    [Theory]
    [InlineData(null, HttpStatusCode.Unauthorized)]
    [InlineData("wrong-token", HttpStatusCode.Forbidden)]
    [InlineData(AgentDashboardHost.PrivateToken, HttpStatusCode.OK)]
    public async Task GetEvents_OfAPrivateProject_NeedsItsToken(string? token, HttpStatusCode expected)
    {
        await using var host = await AgentDashboardHost.StartAsync();

        using var request = new HttpRequestMessage(HttpMethod.Get, PrivatePath);
        if (token is not null)
        {
            request.Headers.Authorization = new("Bearer", token);
        }

        using var response = await host.Http.SendAsync(request);

        Assert.Equal(expected, response.StatusCode);
    }

    [Fact]
    public async Task GetEvents_OfAPrivateProject_AcceptsTheTokenInTheQuery()
    {
        await using var host = await AgentDashboardHost.StartAsync();

        using var response = await host.Http.GetAsync($"{PrivatePath}?access_token={AgentDashboardHost.PrivateToken}&limit=5");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Theory]
    [InlineData("?since=-3")]
    [InlineData("?limit=abc")]
    [InlineData("?limit=5000")]
    public async Task GetEvents_WithBadQuery_Returns400(string query)
    {
        await using var host = await AgentDashboardHost.StartAsync();

        using var response = await host.Http.GetAsync(PublicPath + query);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    private static async Task<JsonElement> PostAsync(KestrelHost host, string key)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, PublicPath) { Content = JsonContent.Create(new { @event = "e", data = new { key } }) };
        request.Headers.Authorization = new("Bearer", AgentDashboardHost.PublishKey);
        request.Headers.Add("Idempotency-Key", key);
        using var response = await host.Http.SendAsync(request);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }
}
