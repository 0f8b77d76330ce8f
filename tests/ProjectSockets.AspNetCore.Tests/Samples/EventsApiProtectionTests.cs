using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using ProjectSockets.AspNetCore.Tests.Testing;

namespace ProjectSockets.AspNetCore.Tests.Samples;

/// <summary>
/// How the sample protects <c>POST /api/projects/{projectId}/events</c>: a key to publish (401, 403), a body cap (413)
/// and a rate limit per client address (429). Every refusal is a problem+json body, and publishes nothing.
/// </summary>
public sealed class EventsApiProtectionTests
{
    private const string Path = "/api/projects/demo/events";

    [Fact]
    public async Task PostEvent_WithoutKey_Returns401WithBearerChallenge_AndPublishesNothing()
    {
        await using var host = await AgentDashboardHost.StartAsync();

        using var response = await host.PostAsync(Path, Event("anonymous"), key: null);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("Bearer", Assert.Single(response.Headers.WwwAuthenticate).Scheme);
        Assert.Equal(401, (await ProblemAsync(response)).GetProperty("status").GetInt32());
        await AssertNextSeqAsync(host, 1);
    }

    [Fact]
    public async Task PostEvent_WithWrongKey_Returns403_AndPublishesNothing()
    {
        await using var host = await AgentDashboardHost.StartAsync();

        using var response = await host.PostAsync(Path, Event("guessed"), key: "not-the-key");

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal(403, (await ProblemAsync(response)).GetProperty("status").GetInt32());
        await AssertNextSeqAsync(host, 1);
    }

    [Fact]
    public async Task PostEvent_WithoutConfiguredPublishKey_RefusesPublicProjectsWhateverTheToken()
    {
        await using var host = await AgentDashboardHost.StartAsync("--Sample:PublishKey=");

        using var response = await host.PostAsync(Path, Event("no_key_configured"), key: "anything");

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task PostEvent_BodyOverTheCap_Returns413_AndPublishesNothing(bool withContentLength)
    {
        await using var host = await AgentDashboardHost.StartAsync("--Sample:MaxPublishBytes=1024");
        var json = $$"""{"event":"too_big","data":"{{new string('x', 2048)}}"}""";
        HttpContent content = withContentLength
            ? new StringContent(json, Encoding.UTF8, "application/json")
            : new StreamContent(new UnknownLengthStream(Encoding.UTF8.GetBytes(json)));
        content.Headers.ContentType = new("application/json");

        using var response = await host.PostAsync(Path, content);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal(413, (await ProblemAsync(response)).GetProperty("status").GetInt32());
        await AssertNextSeqAsync(host, 1);
    }

    [Fact]
    public async Task PostEvent_UnderTheBodyCapButEncodedOverMaxEventBytes_Returns413_AndPublishesNothing()
    {
        // 40,000 characters that the event's encoder escapes to six bytes each: the body is under the sample's
        // 64 KiB cap, the encoded event is over the core's 64 KiB MaxEventBytes, so the core refuses the publish.
        await using var host = await AgentDashboardHost.StartAsync();
        var json = $$"""{"event":"escaped_big","data":"{{new string('<', 40_000)}}"}""";

        using var response = await host.PostAsync(Path, new StringContent(json, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("Event too large", (await ProblemAsync(response)).GetProperty("title").GetString());
        await AssertNextSeqAsync(host, 1);
    }

    [Fact]
    public async Task PostEvent_BeyondTheRateLimit_Returns429WithRetryAfter()
    {
        await using var host = await AgentDashboardHost.StartAsync("--Sample:PublishPermitLimit=2", "--Sample:PublishWindowSeconds=3600");
        for (var i = 0; i < 2; i++)
        {
            using var allowed = await host.PostAsync(Path, Event("within_limit"));
            Assert.Equal(HttpStatusCode.Accepted, allowed.StatusCode);
        }

        using var response = await host.PostAsync(Path, Event("over_limit"));

        Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
        Assert.True(response.Headers.RetryAfter?.Delta > TimeSpan.Zero, $"Retry-After: {response.Headers.RetryAfter}");
        Assert.Equal(429, (await ProblemAsync(response)).GetProperty("status").GetInt32());
    }

    [Fact]
    public async Task PostEvent_InDevelopment_TheDevelopmentKeyPublishes()
    {
        // What `dotnet run --project docs/samples/AgentDashboard` does: the launch profile sets Development, whose
        // settings file holds the key the README shows.
        await using var host = await KestrelHost.StartAsync(AgentDashboard.AgentDashboardApp.Create(
            ["--urls=http://127.0.0.1:0", "--environment=Development", "--Logging:LogLevel:Default=Warning"]));
        using var response = await host.PostAsync(Path, Event("from_readme"), key: "dev-publish-key");

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
    }

    [Theory]
    [InlineData("MaxPublishBytes")]
    [InlineData("PublishPermitLimit")]
    [InlineData("PublishWindowSeconds")]
    public async Task Create_WithPublishSettingBelowOne_FailsAtStartNamingIt(string setting)
    {
        await using var app = AgentDashboard.AgentDashboardApp.Create(["--urls=http://127.0.0.1:0", $"--Sample:{setting}=0"]);

        var exception = await Assert.ThrowsAnyAsync<Exception>(() => app.StartAsync());

        Assert.Contains($"Sample:{setting}", exception.Message, StringComparison.Ordinal);
    }

    private static JsonContent Event(string name) => JsonContent.Create(new { @event = name });

    private static async Task<JsonElement> ProblemAsync(HttpResponseMessage response)
    {
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    /// <summary>A refused publish stored nothing: the next accepted one gets <paramref name="seq"/>.</summary>
    private static async Task AssertNextSeqAsync(KestrelHost host, long seq)
    {
        using var response = await host.PostAsync(Path, Event("next"));
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Equal(seq, (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("seq").GetInt64());
    }

    /// <summary>A body sent chunked, without Content-Length: the cap must hold while it is read.</summary>
    private sealed class UnknownLengthStream(byte[] bytes) : MemoryStream(bytes)
    {
        public override bool CanSeek => false;
    }
}
