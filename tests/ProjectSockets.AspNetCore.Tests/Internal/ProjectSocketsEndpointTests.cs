using System.Net;
using Microsoft.Extensions.DependencyInjection;
using ProjectSockets.AspNetCore.Tests.Testing;

namespace ProjectSockets.AspNetCore.Tests.Internal;

/// <summary>The endpoint over real Kestrel with real <see cref="System.Net.WebSockets.ClientWebSocket"/> clients.</summary>
public sealed class ProjectSocketsEndpointTests
{
    private const string SubProtocol = "projectsockets.v1";

    [Fact]
    public async Task Connect_ToProjectRoute_WelcomesWithRouteSubscription()
    {
        await using var host = await KestrelHost.StartAsync();

        var client = await host.ConnectAsync("/ws/p1");

        Assert.Equal(1, client.Welcome.GetProperty("protocol").GetInt32());
        var subscription = Assert.Single(client.Welcome.GetProperty("subscriptions").EnumerateArray());
        Assert.Equal("p1", subscription.GetProperty("project").GetString());
        Assert.Equal(0, subscription.GetProperty("seq").GetInt64());
    }

    [Fact]
    public async Task Connect_ToBareWs_WelcomesWithNoSubscription()
    {
        await using var host = await KestrelHost.StartAsync();

        var client = await host.ConnectAsync("/ws");

        Assert.Empty(client.Welcome.GetProperty("subscriptions").EnumerateArray());
        Assert.False(string.IsNullOrEmpty(client.Welcome.GetProperty("connectionId").GetString()));
    }

    [Fact]
    public async Task Connect_OfferingV1AmongOthers_SelectsV1()
    {
        await using var host = await KestrelHost.StartAsync();

        var client = await host.ConnectAsync("/ws/p1", o =>
        {
            o.AddSubProtocol("chat.v9");
            o.AddSubProtocol(SubProtocol);
        });

        Assert.Equal(SubProtocol, client.SubProtocol);
    }

    [Fact]
    public async Task Connect_OfferingNoSubprotocol_IsAcceptedWithoutOne()
    {
        await using var host = await KestrelHost.StartAsync();

        var client = await host.ConnectAsync("/ws/p1");

        Assert.Null(client.SubProtocol);
    }

    [Fact]
    public async Task Connect_OfferingOnlyOtherSubprotocols_IsRefusedWith400()
    {
        await using var host = await KestrelHost.StartAsync();

        var status = await host.TryConnectAsync("/ws/p1", o => o.AddSubProtocol("chat.v9"));

        Assert.Equal(400, status);
    }

    [Fact]
    public async Task PlainGet_IsRefusedWith400AndAText()
    {
        await using var host = await KestrelHost.StartAsync();

        using var response = await host.Http.GetAsync("/ws/p1");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("text/plain", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("WebSocket", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/ws/a%20b")]
    [InlineData("/ws/a%2Fb")]
    [InlineData("/ws/caf%C3%A9")]
    [InlineData("/ws/p%2A")]
    public async Task Connect_WithBadRouteProject_IsRefusedWith400BeforeTheUpgrade(string path)
    {
        await using var host = await KestrelHost.StartAsync();

        var (status, contentType, body) = await host.SendUpgradeRequestAsync(path);

        Assert.Equal(400, status);
        Assert.StartsWith("text/plain", contentType, StringComparison.Ordinal);
        Assert.Contains("route project", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Connect_WithRouteProjectTooLong_IsRefusedWith400()
    {
        await using var host = await KestrelHost.StartAsync();

        var status = await host.TryConnectAsync("/ws/" + new string('p', 129));

        Assert.Equal(400, status);
    }

    [Theory]
    [InlineData("/ws/p1?events=bad%20name")]
    [InlineData("/ws/p1?events=")]
    [InlineData("/ws/p1?since=-1")]
    [InlineData("/ws/p1?since=abc")]
    [InlineData("/ws/p1?since=1&since=2")]
    [InlineData("/ws?events=task_*")]
    public async Task Connect_WithMalformedQuery_IsRefusedWith400(string pathAndQuery)
    {
        await using var host = await KestrelHost.StartAsync();

        var status = await host.TryConnectAsync(pathAndQuery);

        Assert.Equal(400, status);
    }

    [Fact]
    public async Task Connect_WhenAuthorizerRefusesRouteProject_IsRefusedWith403()
    {
        await using var host = await KestrelHost.StartAsync(builder: b => b.Services.AddSingleton<IProjectAuthorizer>(new DenyProjectAuthorizer("secret")));

        var status = await host.TryConnectAsync("/ws/secret");

        Assert.Equal(403, status);
    }

    [Fact]
    public async Task Connect_BeyondConnectionLimit_IsRefusedWith503()
    {
        await using var host = await KestrelHost.StartAsync(options: o => o.MaxConnections = 1);
        await host.ConnectAsync("/ws/p1");

        var status = await host.TryConnectAsync("/ws/p2");

        Assert.Equal(503, status);
    }

    [Fact]
    public async Task Connect_AfterARefusal_StillGetsTheFreedSlot()
    {
        await using var host = await KestrelHost.StartAsync(options: o => o.MaxConnections = 1);
        Assert.Equal(400, await host.TryConnectAsync("/ws/p1?since=x"));

        var client = await host.ConnectAsync("/ws/p1");

        Assert.Equal(1, host.Services.GetRequiredService<IWebSocketManager>().ConnectionCount);
        Assert.Single(client.Welcome.GetProperty("subscriptions").EnumerateArray());
    }

    [Fact]
    public async Task Subscribe_WithFilter_DeliversOnlyMatchingEvents()
    {
        await using var host = await KestrelHost.StartAsync();
        var client = await host.ConnectAsync("/ws");
        var publisher = host.Services.GetRequiredService<IProjectEventPublisher>();

        var result = await client.InvokeAsync("subscribe", "1", "p2", """{"events":["task_*"]}""");
        await publisher.PublishAsync("p2", "agent_output", new { line = "skipped" });
        await publisher.PublishAsync("p2", "task_completed", new { taskId = "t1" });
        var message = await client.ReceiveEventAsync("task_completed");

        Assert.True(result.GetProperty("ok").GetBoolean());
        Assert.Equal(2, message.GetProperty("seq").GetInt64());
        Assert.Equal("t1", message.GetProperty("data").GetProperty("taskId").GetString());
    }

    [Fact]
    public async Task Connect_WithEventsQuery_FiltersTheRouteProject()
    {
        await using var host = await KestrelHost.StartAsync();
        var client = await host.ConnectAsync("/ws/p1?events=gate_*,signal_detected");
        var publisher = host.Services.GetRequiredService<IProjectEventPublisher>();

        await publisher.PublishAsync("p1", "agent_output", null);
        await publisher.PublishAsync("p1", "gate_running", null);
        var message = await client.ReceiveEventAsync("gate_running");

        Assert.Equal(2, message.GetProperty("seq").GetInt64());
    }

    [Fact]
    public async Task Connect_WithSinceAndEpoch_ReplaysMissedEvents()
    {
        await using var host = await KestrelHost.StartAsync();
        var publisher = host.Services.GetRequiredService<IProjectEventPublisher>();
        var first = await publisher.PublishAsync("p1", "task_started", null);
        await publisher.PublishAsync("p1", "task_completed", null);

        var client = await host.ConnectAsync($"/ws/p1?since=1&epoch={Uri.EscapeDataString(first.Epoch)}");
        var replayed = await client.ReceiveEventAsync("task_completed");

        var subscription = Assert.Single(client.Welcome.GetProperty("subscriptions").EnumerateArray());
        Assert.True(subscription.GetProperty("recovered").GetBoolean());
        Assert.Equal(2, replayed.GetProperty("seq").GetInt64());
    }

    [Fact]
    public async Task Command_Registered_ReturnsItsResult()
    {
        await using var host = await KestrelHost.StartAsync(sockets: s => s.AddCommand<TitleArgs, object>("start_task", (args, context) => new { taskId = args.Title + "-1", project = context.Project }));
        var client = await host.ConnectAsync("/ws/p1");

        var result = await client.InvokeAsync("start_task", "7", "p1", """{"title":"build"}""");

        Assert.True(result.GetProperty("ok").GetBoolean());
        Assert.Equal("build-1", result.GetProperty("data").GetProperty("taskId").GetString());
        Assert.Equal("p1", result.GetProperty("data").GetProperty("project").GetString());
    }

    [Fact]
    public async Task Command_ThatFailsWithItsOwnCode_ReturnsThatCode()
    {
        await using var host = await KestrelHost.StartAsync(sockets: s => s.AddCommand<TitleArgs, object>("cancel_execution", (_, _) => throw new CommandException("task_not_found", "No such task.")));
        var client = await host.ConnectAsync("/ws/p1");

        var result = await client.InvokeAsync("cancel_execution", "8", "p1", "{}");

        Assert.False(result.GetProperty("ok").GetBoolean());
        Assert.Equal("task_not_found", result.GetProperty("error").GetProperty("code").GetString());
        Assert.Equal("No such task.", result.GetProperty("error").GetProperty("message").GetString());
    }

    [Fact]
    public async Task Command_Unknown_ReturnsUnknownCommand()
    {
        await using var host = await KestrelHost.StartAsync();
        var client = await host.ConnectAsync("/ws");

        var result = await client.InvokeAsync("launch_rocket", "9");

        Assert.Equal("unknown_command", result.GetProperty("error").GetProperty("code").GetString());
    }

    [Fact]
    public async Task Ping_IsAnsweredWithPong()
    {
        await using var host = await KestrelHost.StartAsync();
        var client = await host.ConnectAsync("/ws");

        await client.SendAsync("""{"type":"ping"}""");

        await client.ReceiveAsync("pong");
    }

    [Fact]
    public async Task QuietClient_IsPingedThenClosedWith4002()
    {
        await using var host = await KestrelHost.StartAsync(options: o =>
        {
            o.Heartbeat.Interval = TimeSpan.FromMilliseconds(200);
            o.Heartbeat.Timeout = TimeSpan.FromMilliseconds(600);
        });
        var client = await host.ConnectAsync("/ws/p1");

        await client.ReceiveAsync("ping");
        var (messages, closeCode) = await client.ReceiveUntilClosedAsync();

        var disconnected = Assert.Single(messages, m => m.GetProperty("type").GetString() == "disconnected");
        Assert.Equal(4002, disconnected.GetProperty("code").GetInt32());
        Assert.True(disconnected.GetProperty("reconnect").GetBoolean());
        Assert.Equal(4002, closeCode);
    }

    [Fact]
    public async Task ManyClientsOnManyProjects_EachGetsOnlyItsProjectsEvents()
    {
        const int Projects = 10;
        const int ClientsPerProject = 3;
        await using var host = await KestrelHost.StartAsync();
        var publisher = host.Services.GetRequiredService<IProjectEventPublisher>();
        var clients = await Task.WhenAll(Enumerable.Range(0, Projects * ClientsPerProject)
            .Select(i => host.ConnectAsync($"/ws/project-{i % Projects}")));

        for (var p = 0; p < Projects; p++)
        {
            var result = await publisher.PublishAsync($"project-{p}", "agent_output", new { project = $"project-{p}" });
            Assert.Equal(ClientsPerProject, result.LocalSubscribers);
        }

        // A second round marks the end: anything from another project would arrive before it.
        for (var p = 0; p < Projects; p++)
        {
            await publisher.PublishAsync($"project-{p}", "task_completed", new { project = $"project-{p}" });
        }

        await Task.WhenAll(clients.Select(async (client, i) =>
        {
            var expected = $"project-{i % Projects}";
            var first = await client.ReceiveEventAsync("agent_output");
            var marker = await client.ReceiveEventAsync("task_completed");
            Assert.Equal(expected, first.GetProperty("project").GetString());
            Assert.Equal(expected, first.GetProperty("data").GetProperty("project").GetString());
            Assert.Equal(expected, marker.GetProperty("project").GetString());
        }));
    }

    [Fact]
    public async Task Logs_NeverContainTokensFromQueryOrHeaders()
    {
        const string QueryToken = "query-SECRET-3141";
        const string HeaderToken = "header-SECRET-2718";
        await using var host = await KestrelHost.StartAsync(
            builder: b => b.Services.AddSingleton<IProjectAuthorizer>(new DenyProjectAuthorizer("secret")));

        var client = await host.ConnectAsync($"/ws/p1?access_token={QueryToken}", o => o.SetRequestHeader("Authorization", "Bearer " + HeaderToken));
        await client.InvokeAsync("unknown_thing", "1");
        await client.CloseAsync();
        Assert.Equal(403, await host.TryConnectAsync($"/ws/secret?access_token={QueryToken}", o => o.SetRequestHeader("Authorization", "Bearer " + HeaderToken)));
        Assert.Equal(400, await host.TryConnectAsync($"/ws/p1?since=x&access_token={QueryToken}"));
        await host.StopAsync();

        Assert.NotEmpty(host.Logs!.Entries);
        Assert.DoesNotContain(host.Logs.Texts, e => e.Contains("SECRET", StringComparison.Ordinal));
    }

    private sealed record TitleArgs(string? Title);
}
