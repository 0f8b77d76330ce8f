using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ProjectSockets.AspNetCore.Tests.Testing;

namespace ProjectSockets.AspNetCore.Tests.Samples;

/// <summary><c>POST /api/projects/{projectId}/events</c> of the sample.</summary>
public sealed class EventsApiTests
{
    [Fact]
    public async Task PostEvent_Returns202WithSeq_AndSubscribersReceiveIt()
    {
        await using var host = await AgentDashboardHost.StartAsync();
        var client = await host.ConnectAsync("/ws/demo");

        using var response = await host.PostAsync("/api/projects/demo/events", JsonContent.Create(new { @event = "deploy_finished", data = new { env = "staging" } }));
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        var received = await client.ReceiveEventAsync("deploy_finished");

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Equal(1, body.GetProperty("seq").GetInt64());
        Assert.Equal(1, received.GetProperty("seq").GetInt64());
        Assert.Equal(body.GetProperty("epoch").GetString(), received.GetProperty("epoch").GetString());
        Assert.Equal("staging", received.GetProperty("data").GetProperty("env").GetString());
    }

    [Theory]
    [InlineData("/api/projects/a%20b/events", """{"event":"ok_name"}""")]
    [InlineData("/api/projects/demo/events", """{"event":"bad name"}""")]
    [InlineData("/api/projects/demo/events", """{"data":1}""")]
    public async Task PostEvent_WithBadProjectOrEventName_Returns400Problem(string path, string json)
    {
        await using var host = await AgentDashboardHost.StartAsync();

        using var content = new StringContent(json, System.Text.Encoding.UTF8, "application/json");
        using var response = await host.PostAsync(path, content);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(400, problem.GetProperty("status").GetInt32());
    }

    [Fact]
    public async Task PostEvent_ToPrivateProjectWithAnotherProjectsToken_Returns403()
    {
        await using var host = await AgentDashboardHost.StartAsync("--Sample:Tokens:other=other-token");

        using var response = await host.PostAsync($"/api/projects/{AgentDashboardHost.PrivateProject}/events", JsonContent.Create(new { @event = "x" }), key: "other-token");

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task PostEvent_ToPrivateProjectWithBearerToken_Returns202()
    {
        await using var host = await AgentDashboardHost.StartAsync();

        using var response = await host.PostAsync($"/api/projects/{AgentDashboardHost.PrivateProject}/events", JsonContent.Create(new { @event = "x" }), AgentDashboardHost.PrivateToken);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
    }
}
