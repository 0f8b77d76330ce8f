using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using NSubstitute;
using ProjectSockets.AspNetCore.Tests.Testing;

namespace ProjectSockets.AspNetCore.Tests;

/// <summary>MapProjectSocketsHistory: the opt-in HTTP read of a project's history.</summary>
public sealed class ProjectSocketsHistoryEndpointTests
{
    [Fact]
    public async Task Get_ReturnsTheEventsSubscribersGot_WithPositionAndFlags()
    {
        await using var host = await StartAsync();
        var subscriber = await host.ConnectAsync("/ws/p1");
        var publisher = host.Services.GetRequiredService<IProjectEventPublisher>();
        for (var i = 1; i <= 5; i++)
        {
            await publisher.PublishAsync("p1", "e", new { i });
        }

        var seen = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            seen.Add((await subscriber.ReceiveAsync("event")).GetRawText());
        }

        using var response = await host.Http.GetAsync("/ws-history/p1?since=2&limit=2");
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var root = body.RootElement;
        Assert.Equal(5, root.GetProperty("seq").GetInt64());
        Assert.True(root.GetProperty("complete").GetBoolean());
        Assert.True(root.GetProperty("more").GetBoolean());
        Assert.Equal(seen.Skip(2).Take(2), root.GetProperty("events").EnumerateArray().Select(e => e.GetRawText()));
    }

    [Theory]
    [InlineData("/ws-history/p1?since=-1")]
    [InlineData("/ws-history/p1?since=x")]
    [InlineData("/ws-history/p1?since=1&since=2")]
    [InlineData("/ws-history/p1?limit=0")]
    [InlineData("/ws-history/p1?limit=1001")]
    [InlineData("/ws-history/p1?epoch=abc")]
    [InlineData("/ws-history/a%20b")]
    public async Task Get_WithBadProjectOrQuery_Is400ProblemDetails(string path)
    {
        await using var host = await StartAsync();

        using var response = await host.Http.GetAsync(path);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Get_RefusedByTheAuthorizer_Is403()
    {
        var authorizer = Substitute.For<IProjectAuthorizer>();
        authorizer.CanSubscribeAsync(default!, default!, default).ReturnsForAnyArgs(false);
        await using var host = await StartAsync(builder: b => b.Services.AddSingleton(authorizer));

        using var response = await host.Http.GetAsync("/ws-history/p1");

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task Get_WhenTheStoreFails_Is503()
    {
        var store = Substitute.For<IProjectEventStore>();
        store.ReadHistoryAsync(default!, default!, default).ReturnsForAnyArgs<ValueTask<HistoryPage>>(_ => throw new InvalidOperationException("down"));
        await using var host = await StartAsync(builder: b => b.Services.AddSingleton(store));

        using var response = await host.Http.GetAsync("/ws-history/p1");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
    }

    [Fact]
    public async Task WithoutMapProjectSocketsHistory_NothingIsMapped()
    {
        await using var host = await KestrelHost.StartAsync();

        using var response = await host.Http.GetAsync("/ws-history/p1");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    private static Task<KestrelHost> StartAsync(Action<WebApplicationBuilder>? builder = null)
        => KestrelHost.StartAsync(builder: builder, app: a =>
        {
            a.MapProjectSockets();
            a.MapProjectSocketsHistory();
        });
}
