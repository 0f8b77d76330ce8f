using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using AgentDashboard;
using Microsoft.Extensions.DependencyInjection;
using ProjectSockets.StackExchangeRedis.Tests.Testing;
using StackExchange.Redis;

namespace ProjectSockets.StackExchangeRedis.Tests.Samples;

/// <summary>The AgentDashboard sample on a redis-server that stops: publishing answers 503, not 500.</summary>
public sealed class AgentDashboardRedisOutageTests : IAsyncLifetime
{
    private const string PublishKey = "outage-publish-key";
    private RedisServer? _server;

    private RedisServer Server => _server!;

    public async Task InitializeAsync() => _server = await RedisServer.StartAsync();

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }

    [Fact]
    public async Task PostEvent_WhileRedisIsStopped_Returns503WithRetryAfterAndProblem_ThenPublishesOnceRedisIsBack()
    {
        await using var instance = await KestrelHost.StartAsync(AgentDashboardApp.Create(
            ["--urls", "http://127.0.0.1:0", "--redis", Server.Configuration, "--Logging:LogLevel:Default=Critical", $"--Sample:PublishKey={PublishKey}"]));
        using var http = new HttpClient { BaseAddress = instance.HttpBase, Timeout = TestClient.Timeout };
        using (var before = await PostAsync(http))
        {
            Assert.Equal(HttpStatusCode.Accepted, before.StatusCode);
        }

        var store = (RedisProjectEventStore)instance.Services.GetRequiredService<IProjectEventStore>();
        var connection = await store.GetConnectionAsync();
        var failed = WaitForAsync(handler => connection.ConnectionFailed += handler, handler => connection.ConnectionFailed -= handler);
        await Server.KillAsync();
        await failed;

        using var response = await PostAsync(http);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.True(response.Headers.RetryAfter?.Delta > TimeSpan.Zero, $"Retry-After: {response.Headers.RetryAfter}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(503, problem.GetProperty("status").GetInt32());
        Assert.Contains("nothing was published", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);

        await Server.RestartAsync();
        Assert.Equal(HttpStatusCode.Accepted, await PostOnceReconnectedAsync(http, connection));
    }

    /// <summary>Publishes once the instance's Redis connection is back (its two connections may come back one at a time).</summary>
    private static async Task<HttpStatusCode> PostOnceReconnectedAsync(HttpClient http, IConnectionMultiplexer connection)
    {
        for (var attempt = 1; ; attempt++)
        {
            await WaitConnectedAsync(connection);
            using var response = await PostAsync(http);
            if (response.StatusCode != HttpStatusCode.ServiceUnavailable || attempt == 10)
            {
                return response.StatusCode;
            }
        }
    }

    private static async Task<HttpResponseMessage> PostAsync(HttpClient http)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "api/projects/outage/events")
        {
            Content = JsonContent.Create(new { @event = "deploy_step" }),
        };
        request.Headers.Authorization = new("Bearer", PublishKey);
        return await http.SendAsync(request);
    }

    private static Task WaitConnectedAsync(IConnectionMultiplexer connection)
        => RedisConnections.WaitConnectedAsync(connection, TestClient.Timeout);

    /// <summary>Completes at the next connection event (subscribed before the action that causes it).</summary>
    private static Task WaitForAsync(Action<EventHandler<ConnectionFailedEventArgs>> add, Action<EventHandler<ConnectionFailedEventArgs>> remove)
    {
        var signal = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        EventHandler<ConnectionFailedEventArgs> handler = (_, _) => signal.TrySetResult();
        add(handler);
        return signal.Task.WaitAsync(TestClient.Timeout).ContinueWith(t =>
        {
            remove(handler);
            t.GetAwaiter().GetResult();
        }, TaskScheduler.Default);
    }
}
