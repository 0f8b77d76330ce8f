using System.Net;
using AgentDashboard;
using Microsoft.Extensions.DependencyInjection;
using ProjectSockets.AspNetCore.Tests.Testing;

namespace ProjectSockets.AspNetCore.Tests.Samples;

/// <summary>How the sample starts and what it serves besides the WebSocket.</summary>
public sealed class AgentDashboardAppTests
{
    [Fact]
    public async Task Create_WithNoUrlsConfigured_ListensOnLocalhost5180()
    {
        await using var app = AgentDashboardApp.Create([]);

        Assert.Equal("http://localhost:5180", app.Configuration["urls"]);
    }

    [Fact]
    public async Task Create_WithUrlsArgument_UsesThem()
    {
        await using var app = AgentDashboardApp.Create(["--urls", "http://127.0.0.1:0"]);

        Assert.Equal("http://127.0.0.1:0", app.Configuration["urls"]);
    }

    [Fact]
    public async Task Create_WithoutRedis_KeepsTheInMemoryEventStore()
    {
        await using var app = AgentDashboardApp.Create(["--urls", "http://127.0.0.1:0"]);

        Assert.Equal("InMemoryProjectEventStore", app.Services.GetRequiredService<IProjectEventStore>().GetType().Name);
    }

    [Fact]
    public async Task Create_WithRedisArgument_ScalesOutOnRedis()
    {
        // Nothing connects before the first publish or subscription: no Redis is needed to build the application.
        await using var app = AgentDashboardApp.Create(["--urls", "http://127.0.0.1:0", "--redis", "127.0.0.1:1"]);

        Assert.Equal("127.0.0.1:1", app.Configuration[SampleOptions.RedisKey]);
        Assert.Equal("RedisProjectEventStore", app.Services.GetRequiredService<IProjectEventStore>().GetType().Name);
    }

    [Fact]
    public async Task RootPage_IsServedWithItsScriptAndTheBrowserClient()
    {
        await using var host = await AgentDashboardHost.StartAsync();

        using var page = await host.Http.GetAsync("/");
        using var script = await host.Http.GetAsync("/app.js");
        using var client = await host.Http.GetAsync("/lib/projectsockets/index.js");
        var html = await page.Content.ReadAsStringAsync();
        var js = await script.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
        Assert.Contains("<script type=\"module\" src=\"app.js\">", html, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, script.StatusCode);
        Assert.Contains("./lib/projectsockets/index.js", js, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, client.StatusCode);
        Assert.Equal("text/javascript", client.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Create_WithStepDelayBelowOne_FailsAtStart()
    {
        await using var app = AgentDashboardApp.Create(["--urls=http://127.0.0.1:0", "--Sample:StepDelayMs=0"]);

        var exception = await Assert.ThrowsAnyAsync<Exception>(() => app.StartAsync());

        Assert.Contains("StepDelayMs", exception.Message, StringComparison.Ordinal);
    }
}
