using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using ProjectSockets.StackExchangeRedis.Tests.Testing;

namespace ProjectSockets.StackExchangeRedis.Tests;

/// <summary>
/// Commands of one session on two nodes that share a redis-server: a retry that lands on the other node runs nothing
/// and gets the first outcome, waits for a run still going there, and gets <c>outcome_unknown</c> when that node died.
/// </summary>
public sealed class RedisCommandDeduplicationTests(RedisFixture redis) : IClassFixture<RedisFixture>, IAsyncLifetime
{
    private const string SessionQuery = "session=redis-session-key-0001";
    private readonly string _prefix = RedisFixture.NewPrefix();
    private readonly List<TestNode> _nodes = [];
    private readonly TaskCompletionSource _entered = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource<int> _release = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _runs;

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        _release.TrySetResult(-1);
        foreach (var node in _nodes)
        {
            await node.DisposeAsync();
        }
    }

    [Fact]
    public async Task Retry_AtTheOtherNode_AfterTheFirstRunFinished_GetsItsResultWithoutRunning()
    {
        var (a, b) = (Node(), Node());
        var onA = await a.ConnectAsync(query: SessionQuery);
        var first = await onA.InvokeAsync("count", "c1");
        var onB = await b.ConnectAsync(query: SessionQuery);

        var retry = await onB.InvokeAsync("count", "c1");

        Assert.Equal(1, _runs);
        Assert.Equal(1, first.GetProperty("data").GetInt32());
        Assert.Equal(1, retry.GetProperty("data").GetInt32());
        Assert.True(retry.GetProperty("replayed").GetBoolean());
    }

    [Fact]
    public async Task Retry_AtTheOtherNode_WhileTheFirstRuns_WaitsForItAndGetsItsResult()
    {
        var (a, b) = (Node(), Node());
        var onA = await a.ConnectAsync(query: SessionQuery);
        await onA.SendCommandAsync("slow", "c1");
        await _entered.Task.WaitAsync(TestClient.Timeout);
        var onB = await b.ConnectAsync(query: SessionQuery);

        await onB.SendCommandAsync("slow", "c1");
        await onB.BarrierAsync();
        _release.SetResult(7);
        var retry = await onB.ReceiveAsync("result");
        var first = await onA.ReceiveAsync("result");

        Assert.Equal(1, _runs);
        Assert.Equal(7, first.GetProperty("data").GetInt32());
        Assert.Equal(7, retry.GetProperty("data").GetInt32());
        Assert.True(retry.GetProperty("replayed").GetBoolean());
    }

    [Fact]
    public async Task Retry_AfterTheNodeThatRanItDied_IsOutcomeUnknownAndNeverRunsAgain()
    {
        // Node a's clock stands still, so its run never times out and never records anything: it hangs until a dies.
        var a = Node(o => o.CommandTimeout = TimeSpan.FromMilliseconds(300), new FakeTimeProvider());
        var b = Node(o => o.CommandTimeout = TimeSpan.FromMilliseconds(300));
        var onA = await a.ConnectAsync(query: SessionQuery);
        await onA.SendCommandAsync("hang", "c1");
        await _entered.Task.WaitAsync(TestClient.Timeout);

        // Node a goes away with its Redis connection before the run is recorded.
        _nodes.Remove(a);
        await a.DisposeAsync();
        var onB = await b.ConnectAsync(query: SessionQuery);
        var retry = await onB.InvokeAsync("hang", "c1");
        var again = await onB.InvokeAsync("hang", "c1");

        Assert.Equal(1, _runs);
        Assert.Equal(ProtocolErrorCodes.OutcomeUnknown, retry.GetProperty("error").GetProperty("code").GetString());
        Assert.True(retry.GetProperty("replayed").GetBoolean());
        Assert.Equal(ProtocolErrorCodes.OutcomeUnknown, again.GetProperty("error").GetProperty("code").GetString());
    }

    [Fact]
    public async Task SameId_ForAnotherCommand_AtTheOtherNode_IsCommandIdReused()
    {
        var (a, b) = (Node(), Node());
        var onA = await a.ConnectAsync(query: SessionQuery);
        await onA.InvokeAsync("count", "c1");
        var onB = await b.ConnectAsync(query: SessionQuery);

        var reused = await onB.InvokeAsync("count", "c1", project: "p1");

        Assert.Equal(1, _runs);
        Assert.Equal(ProtocolErrorCodes.CommandIdReused, reused.GetProperty("error").GetProperty("code").GetString());
    }

    [Fact]
    public async Task PerSessionLimit_CountsTheSessionsCommandsOnEveryNode()
    {
        var (a, b) = (Node(o => o.CommandDeduplication.MaxCommandsPerSession = 1), Node(o => o.CommandDeduplication.MaxCommandsPerSession = 1));
        var onA = await a.ConnectAsync(query: SessionQuery);
        await onA.InvokeAsync("count", "c1");
        var onB = await b.ConnectAsync(query: SessionQuery);

        var refused = await onB.InvokeAsync("count", "c2");
        var remembered = await onB.InvokeAsync("count", "c1");

        Assert.Equal(1, _runs);
        Assert.Equal(ProtocolErrorCodes.LimitExceeded, refused.GetProperty("error").GetProperty("code").GetString());
        Assert.Equal(1, remembered.GetProperty("data").GetInt32());
    }

    private TestNode Node(Action<ProjectSocketsOptions>? configure = null, TimeProvider? timeProvider = null)
    {
        var node = new TestNode(redis.Configuration, _prefix, configure: configure, timeProvider: timeProvider, build: sockets => sockets
            .AddCommand<JsonElement, int>("count", (_, _) => Interlocked.Increment(ref _runs))
            .AddCommand<JsonElement, int>("slow", async (_, _, _) =>
            {
                Interlocked.Increment(ref _runs);
                _entered.TrySetResult();
                return await _release.Task;
            })
            .AddCommand<JsonElement, int>("hang", async (_, _, _) =>
            {
                Interlocked.Increment(ref _runs);
                _entered.TrySetResult();

                // Ignores its token, as a handler stuck in I/O would.
                return await _release.Task;
            }));
        _nodes.Add(node);
        return node;
    }
}
