using System.Text.Json;
using ProjectSockets.Tests.Testing;
using Xunit.Sdk;

namespace ProjectSockets.Tests.Subscriptions;

/// <summary>Resume over the wire: the <c>since</c>/<c>epoch</c> of <c>subscribe</c> and of the upgrade query.</summary>
public sealed class WebSocketManagerResumeTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(20261127)]
    public async Task ResumeInsideTheWindow_ReplaysExactlyTheMissedEventsInOrder(int seed)
    {
        var random = new Random(seed);
        await using var server = new TestServer(o => o.History.MaxEvents = 64);
        var client = await server.ConnectAsync("p1");
        var epoch = Position(client.Welcome).GetProperty("epoch").GetString()!;
        long lastSeen = 0, published = 0;

        var round = 0;
        try
        {
            for (; round < 25; round++)
            {
                // Connected: some events arrive, the client reads only some of them, then the connection ends.
                published += await PublishAsync(server, random.Next(0, 6));
                var read = random.Next(0, (int)(published - lastSeen) + 1);
                for (var i = 0; i < read; i++)
                {
                    Assert.Equal(++lastSeen, (await client.ReceiveAsync("event")).GetProperty("seq").GetInt64());
                }

                await EndAsync(client, random);

                // Disconnected: more events; then resume through the query or through subscribe.
                published += await PublishAsync(server, random.Next(0, 10));
                List<JsonElement> replayed;
                JsonElement position;
                if (random.Next(2) == 0)
                {
                    client = await server.ConnectAsync("p1", $"since={lastSeen}&epoch={epoch}");
                    position = Position(client.Welcome);
                    replayed = await client.BarrierAsync();
                }
                else
                {
                    client = await server.ConnectAsync();
                    var result = await client.InvokeAsync("subscribe", "r", "p1", $$"""{"since":{{lastSeen}},"epoch":"{{epoch}}"}""");
                    position = result.GetProperty("data");
                    replayed = await client.BarrierAsync();
                }

                Assert.True(position.GetProperty("recovered").GetBoolean());
                Assert.Equal(published, position.GetProperty("seq").GetInt64());
                Assert.Equal(Range(lastSeen + 1, published), replayed.Select(e => e.GetProperty("seq").GetInt64()));
                lastSeen = published;
            }
        }
        catch (Exception exception) when (exception is not XunitException { InnerException: not null })
        {
            throw new XunitException($"Seed {seed}, round {round}: {exception.Message}", exception);
        }
    }

    [Fact]
    public async Task ResumeThroughQuery_WelcomeCarriesPosition_AndReplayFollowsWelcome()
    {
        await using var server = new TestServer();
        var epoch = (await server.Publisher.PublishAsync("p1", "e", 1)).Epoch;
        await PublishAsync(server, 4);

        var client = await server.ConnectAsync("p1", $"since=2&epoch={epoch}");
        var replayed = await client.BarrierAsync();

        var position = Position(client.Welcome);
        Assert.Equal("p1", position.GetProperty("project").GetString());
        Assert.Equal(5, position.GetProperty("seq").GetInt64());
        Assert.Equal(epoch, position.GetProperty("epoch").GetString());
        Assert.True(position.GetProperty("recovered").GetBoolean());
        Assert.Equal([3L, 4L, 5L], replayed.Select(e => e.GetProperty("seq").GetInt64()));
    }

    [Fact]
    public async Task ResumeThroughQuery_WithFilter_ReplaysOnlyMatchingEvents()
    {
        await using var server = new TestServer();
        var epoch = (await server.Publisher.PublishAsync("p1", "task_started", null)).Epoch;
        await server.Publisher.PublishAsync("p1", "agent_output", null);
        await server.Publisher.PublishAsync("p1", "task_done", null);

        var client = await server.ConnectAsync("p1", $"events=task_*&since=0&epoch={epoch}");
        var replayed = await client.BarrierAsync();

        Assert.Equal(["task_started", "task_done"], replayed.Select(e => e.GetProperty("event").GetString()));
    }

    [Fact]
    public async Task Resume_WithFilter_ReplaysOnlyMatchingEventsThenLiveOnes()
    {
        await using var server = new TestServer();
        var epoch = (await server.Publisher.PublishAsync("p1", "task_started", null)).Epoch;
        await server.Publisher.PublishAsync("p1", "agent_output", null);
        await server.Publisher.PublishAsync("p1", "gate_running", null);
        await server.Publisher.PublishAsync("p1", "task_done", null);
        var client = await server.ConnectAsync();

        var before = new List<JsonElement>();
        var result = await client.InvokeAsync("subscribe", "1", "p1", $$"""{"events":["task_*","gate_running"],"since":1,"epoch":"{{epoch}}"}""", before);
        await server.Publisher.PublishAsync("p1", "agent_output", null);
        await server.Publisher.PublishAsync("p1", "task_failed", null);
        var events = await client.BarrierAsync();

        Assert.Empty(before);
        Assert.True(result.GetProperty("data").GetProperty("recovered").GetBoolean());
        Assert.Equal([3L, 4L, 6L], events.Select(e => e.GetProperty("seq").GetInt64()));
    }

    [Theory]
    [InlineData("count")]
    [InlineData("bytes")]
    [InlineData("age")]
    public async Task ResumeAfterTheWindow_IsNotRecovered_AndReplaysNothing(string bound)
    {
        await using var server = new TestServer(o =>
        {
            o.History.MaxEvents = bound == "count" ? 3 : 1000;
            o.History.MaxBytes = bound == "bytes" ? 400 : 1024 * 1024;
            o.MaxEventBytes = 400;
            o.History.MaxAge = TimeSpan.FromMinutes(10);
        });
        var epoch = (await server.Publisher.PublishAsync("p1", "e", new string('x', 100))).Epoch;
        for (var i = 0; i < 5; i++)
        {
            await server.Publisher.PublishAsync("p1", "e", new string('x', 100));
        }

        if (bound == "age")
        {
            server.Time.Advance(TimeSpan.FromMinutes(11));
        }

        var (position, replayed) = await ResumeAsync(server, 1, epoch);

        // Past MaxAge with no subscriber the project itself is forgotten: it starts over in a new epoch.
        Assert.False(position.GetProperty("recovered").GetBoolean());
        Assert.Equal(bound == "age" ? 0 : 6, position.GetProperty("seq").GetInt64());
        Assert.Equal(bound == "age", position.GetProperty("epoch").GetString() != epoch);
        Assert.Empty(replayed);
    }

    [Theory]
    [InlineData("stale-epoch")]
    [InlineData("")]
    public async Task Resume_WithUnknownEpoch_IsNotRecovered(string epoch)
    {
        await using var server = new TestServer();
        await PublishAsync(server, 3);

        var (position, replayed) = await ResumeAsync(server, 1, epoch);

        Assert.False(position.GetProperty("recovered").GetBoolean());
        Assert.Empty(replayed);
    }

    [Fact]
    public async Task Resume_WithEpochFromBeforeARestart_IsNotRecovered()
    {
        string oldEpoch;
        await using (var before = new TestServer())
        {
            oldEpoch = (await before.Publisher.PublishAsync("p1", "e", null)).Epoch;
        }

        await using var server = new TestServer();
        var current = (await server.Publisher.PublishAsync("p1", "e", null)).Epoch;

        var (position, replayed) = await ResumeAsync(server, 0, oldEpoch);

        Assert.NotEqual(oldEpoch, current);
        Assert.False(position.GetProperty("recovered").GetBoolean());
        Assert.Equal(current, position.GetProperty("epoch").GetString());
        Assert.Empty(replayed);
    }

    [Fact]
    public async Task Resume_WithSinceBeyondLatestSeq_IsNotRecovered()
    {
        await using var server = new TestServer();
        var epoch = (await server.Publisher.PublishAsync("p1", "e", null)).Epoch;

        var (position, replayed) = await ResumeAsync(server, 2, epoch);

        Assert.False(position.GetProperty("recovered").GetBoolean());
        Assert.Empty(replayed);
    }

    [Fact]
    public async Task Resume_AtLatestSeq_IsRecovered_WithNothingReplayed()
    {
        await using var server = new TestServer();
        await server.Publisher.PublishAsync("p1", "e", null);
        var epoch = (await server.Publisher.PublishAsync("p1", "e", null)).Epoch;

        var (position, replayed) = await ResumeAsync(server, 2, epoch);

        Assert.True(position.GetProperty("recovered").GetBoolean());
        Assert.Empty(replayed);
    }

    [Fact]
    public async Task Resume_WithSinceButNoEpoch_IsNotRecovered()
    {
        await using var server = new TestServer();
        await PublishAsync(server, 3);

        var client = await server.ConnectAsync("p1", "since=1");

        Assert.False(Position(client.Welcome).GetProperty("recovered").GetBoolean());
        Assert.Empty(await client.BarrierAsync());
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task ReplayRacingLivePublishing_HasNoGapAndNoDuplicate(bool throughQuery)
    {
        const int total = 1500;
        await using var server = new TestServer(o =>
        {
            o.History.MaxEvents = 10_000;
            o.History.MaxBytes = 100 * 1024 * 1024;
            o.SendQueue.MaxMessages = 100_000;
            o.SendQueue.MaxBytes = 100 * 1024 * 1024;
        });
        var epoch = (await server.Publisher.PublishAsync("p1", "e", 1)).Epoch;
        var halfway = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var publishers = Enumerable.Range(0, 2).Select(_ => Task.Run(async () =>
        {
            for (var i = 0; i < total / 2; i++)
            {
                var result = await server.Publisher.PublishAsync("p1", "e", i);
                if (result.Seq >= 100)
                {
                    halfway.TrySetResult();
                }
            }
        })).ToList();

        await halfway.Task.WaitAsync(TestClient.Timeout);
        var client = throughQuery
            ? await server.ConnectAsync("p1", $"since=10&epoch={epoch}")
            : await server.ConnectAsync();
        if (!throughQuery)
        {
            var result = await client.InvokeAsync("subscribe", "1", "p1", $$"""{"since":10,"epoch":"{{epoch}}"}""", []);
            Assert.True(result.GetProperty("data").GetProperty("recovered").GetBoolean());
        }

        await Task.WhenAll(publishers).WaitAsync(TimeSpan.FromSeconds(30));
        var seqs = new List<long>();
        while (seqs.Count == 0 || seqs[^1] < total + 1)
        {
            seqs.Add((await client.ReceiveAsync("event")).GetProperty("seq").GetInt64());
        }

        Assert.Equal(Range(11, total + 1), seqs);
    }

    [Fact]
    public async Task ReplayedEvents_DoNotCountAgainstTheQueueBound()
    {
        await using var server = new TestServer(o => o.SendQueue.MaxMessages = 5);
        var epoch = (await server.Publisher.PublishAsync("p1", "e", 0)).Epoch;
        await PublishAsync(server, 29);
        GatedConnection? transport = null;
        var client = await server.ConnectAsync(new ConnectionRequest(), c => transport = new GatedConnection(c));

        transport!.Shut();
        await client.SendCommandAsync("subscribe", "1", "p1", $$"""{"since":0,"epoch":"{{epoch}}"}""");
        await transport.SendWaiting.WaitAsync(TestClient.Timeout);
        // Four live events: with the barrier's reply (counted too, and possibly queued before the writer has taken
        // the live ones) the bound of 5 is reached but not passed.
        for (var i = 0; i < 4; i++)
        {
            await server.Publisher.PublishAsync("p1", "e", i);
        }

        transport.Open();
        var result = await client.ReceiveAsync("result");
        var events = await client.BarrierAsync();

        // 30 replayed and 4 live events waited at once, with a bound of 5: only the live ones counted.
        Assert.True(result.GetProperty("data").GetProperty("recovered").GetBoolean());
        Assert.Equal(Range(1, 34), events.Select(e => e.GetProperty("seq").GetInt64()));
    }

    private static async Task<(JsonElement Position, List<JsonElement> Replayed)> ResumeAsync(TestServer server, long since, string epoch)
    {
        var client = await server.ConnectAsync();
        var result = await client.InvokeAsync("subscribe", "1", "p1", $$"""{"since":{{since}},"epoch":"{{epoch}}"}""");
        return (result.GetProperty("data"), await client.BarrierAsync());
    }

    private static async Task<int> PublishAsync(TestServer server, int count)
    {
        for (var i = 0; i < count; i++)
        {
            await server.Publisher.PublishAsync("p1", "e", i);
        }

        return count;
    }

    private static async Task EndAsync(TestClient client, Random random)
    {
        if (random.Next(2) == 0)
        {
            await client.CloseAsync();
        }
        else
        {
            client.Connection.Abort();
            await client.Run.WaitAsync(TestClient.Timeout);
        }
    }

    private static JsonElement Position(JsonElement welcome) => welcome.GetProperty("subscriptions")[0];

    private static IEnumerable<long> Range(long first, long last)
    {
        for (var seq = first; seq <= last; seq++)
        {
            yield return seq;
        }
    }
}
