using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using AgentDashboard;
using ProjectSockets.Specification.Tests;
using ProjectSockets.StackExchangeRedis.Tests.Testing;

namespace ProjectSockets.StackExchangeRedis.Tests.Samples;

/// <summary>The AgentDashboard sample started twice with <c>--redis</c>: two instances that share projects.</summary>
public sealed class AgentDashboardScaleOutTests(RedisFixture redis) : IClassFixture<RedisFixture>
{
    private const string PublishKey = "scale-out-publish-key";

    [Fact]
    public async Task PostEvent_OnOneInstance_ReachesClientOfTheOtherWithDenseSeq()
    {
        await using var first = await StartInstanceAsync();
        await using var second = await StartInstanceAsync();
        using var client = await ProtocolTestClient.ConnectAsync(new Uri(second.WebSocketBase, "ws/scale-out-demo"));
        using var http = new HttpClient { BaseAddress = first.HttpBase, Timeout = TestClient.Timeout };

        var accepted = new List<JsonElement>();
        for (var step = 1; step <= 3; step++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "api/projects/scale-out-demo/events")
            {
                Content = JsonContent.Create(new { @event = "deploy_step", data = new { step } }),
            };
            request.Headers.Authorization = new("Bearer", PublishKey);
            using var response = await http.SendAsync(request);
            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
            accepted.Add(await response.Content.ReadFromJsonAsync<JsonElement>());
        }

        for (var step = 1; step <= 3; step++)
        {
            var received = await client.ReceiveUntilAsync("event");
            Assert.Equal(step, received.GetProperty("seq").GetInt64());
            Assert.Equal(step, accepted[step - 1].GetProperty("seq").GetInt64());
            Assert.Equal(accepted[step - 1].GetProperty("epoch").GetString(), received.GetProperty("epoch").GetString());
            Assert.Equal(step, received.GetProperty("data").GetProperty("step").GetInt32());
        }
    }

    /// <summary>Starts the sample as <c>dotnet run -- --urls … --redis …</c> would, on port 0.</summary>
    private Task<KestrelHost> StartInstanceAsync()
        => KestrelHost.StartAsync(AgentDashboardApp.Create(
            ["--urls", "http://127.0.0.1:0", "--redis", redis.Configuration, "--Logging:LogLevel:Default=Warning", $"--Sample:PublishKey={PublishKey}"]));
}
