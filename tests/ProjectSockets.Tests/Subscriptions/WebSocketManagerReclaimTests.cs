using System.Globalization;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using ProjectSockets.Tests.Testing;

namespace ProjectSockets.Tests.Subscriptions;

/// <summary>
/// Naming many projects leaves nothing behind once their subscribers have left and their history has aged out. Not
/// run beside other tests: it compares the whole process's managed memory before and after.
/// </summary>
[Collection(nameof(WebSocketManagerReclaimTests))]
public sealed class WebSocketManagerReclaimTests
{
    private const int Projects = 30_000;
    private const int PerMessage = 200;

    [Fact]
    public async Task ThirtyThousandProjectsSubscribedAndLeft_AreForgottenPastMaxAge_AndMemoryReturnsNearItsBaseline()
    {
        await using var server = new TestServer(o =>
        {
            // The command rate is raised so that one client can name every project quickly, and the heartbeat
            // lengthened so that the client outlives the time the test moves past MaxAge.
            o.CommandRate.BurstLimit = 1_000_000;
            o.CommandRate.TokensPerSecond = 1_000_000;
            o.Heartbeat.Interval = TimeSpan.FromHours(1);
            o.Heartbeat.Timeout = TimeSpan.FromHours(2);
        });
        var store = (InMemoryProjectEventStore)server.Services.GetRequiredService<IProjectEventStore>();
        var client = await server.ConnectAsync();
        var maxAge = server.Options.History.MaxAge;

        // A first round grows every structure and pool that a round leaves grown, so the baseline includes them.
        await SubscribeAndLeaveAsync(client, "warm", Projects);
        server.Time.Advance(maxAge + TimeSpan.FromMinutes(1));
        Assert.Equal(0, store.ProjectCount);
        var baseline = ManagedMemory();

        await SubscribeAndLeaveAsync(client, "p", Projects);
        var held = store.ProjectCount;
        var subscriberSets = server.Implementation.ProjectCount;
        server.Time.Advance(maxAge + TimeSpan.FromMinutes(1));
        var growth = ManagedMemory() - baseline;

        Assert.Equal(0, subscriberSets);
        Assert.Equal(Projects, held);
        Assert.Equal(0, store.ProjectCount);
        Assert.Equal(0, server.Implementation.ProjectCount);

        // Before projects were reclaimed, each kept its log, epoch and index entry: about 270 bytes, 8 MB in all.
        Assert.True(growth < Projects * 32, $"Managed memory grew by {growth} bytes over {Projects} forgotten projects.");
    }

    private static async Task SubscribeAndLeaveAsync(TestClient client, string prefix, int count)
    {
        for (var start = 0; start < count; start += PerMessage)
        {
            var batch = new StringBuilder();
            for (var i = start; i < start + PerMessage; i++)
            {
                var project = string.Create(CultureInfo.InvariantCulture, $"{prefix}{i}");
                batch.Append("{\"type\":\"command\",\"command\":\"subscribe\",\"project\":\"").Append(project).Append("\"}\n");
                batch.Append("{\"type\":\"command\",\"command\":\"unsubscribe\",\"project\":\"").Append(project).Append("\"}\n");
            }

            // Commands without an id are answered only when they fail; the barrier's pong follows them all.
            await client.SendAsync(batch.ToString());
            Assert.Empty(await client.BarrierAsync());
        }
    }

    private static long ManagedMemory()
    {
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        return GC.GetTotalMemory(forceFullCollection: true);
    }
}

[CollectionDefinition(nameof(WebSocketManagerReclaimTests), DisableParallelization = true)]
public sealed class WebSocketManagerReclaimTestsCollection;
