using System.Collections.Concurrent;
using ProjectSockets.Tests.Testing;

namespace ProjectSockets.Tests.Manager;

public sealed class WebSocketManagerConcurrencyTests
{
    private static readonly string[] s_projects = ["p0", "p1", "p2", "p3", "p4", "p5"];

    [Fact]
    public async Task ConcurrentSubscribeUnsubscribeBroadcastAndDisconnect_LeaveIndexesConsistent()
    {
        const int seed = 4242;
        await using var server = new TestServer(o => o.CommandRate.BurstLimit = 100_000);
        var survivors = new List<TestClient>();
        var victims = new List<TestClient>();
        for (var i = 0; i < 8; i++)
        {
            survivors.Add(await server.ConnectAsync(s_projects[i % s_projects.Length]));
        }

        for (var i = 0; i < 4; i++)
        {
            victims.Add(await server.ConnectAsync(s_projects[i]));
        }

        var finalSubscriptions = new ConcurrentDictionary<string, HashSet<string>>();
        var workers = survivors.Concat(victims).Select((client, index) => Task.Run(async () =>
        {
            var random = new Random(seed + index);
            var subscribed = new HashSet<string>(StringComparer.Ordinal) { client.Welcome.GetProperty("subscriptions")[0].GetProperty("project").GetString()! };
            try
            {
                for (var op = 0; op < 60; op++)
                {
                    var project = s_projects[random.Next(s_projects.Length)];
                    var subscribe = random.Next(2) == 0;
                    await client.InvokeAsync(subscribe ? "subscribe" : "unsubscribe", $"{op}", project, null, []);
                    _ = subscribe ? subscribed.Add(project) : subscribed.Remove(project);
                }
            }
            catch (InvalidOperationException) when (victims.Contains(client))
            {
                // Disconnected mid-way: expected for a victim.
            }

            finalSubscriptions[client.Id] = subscribed;
        })).ToList();
        var publishers = Enumerable.Range(0, 2).Select(p => Task.Run(async () =>
        {
            var random = new Random(seed - p);
            for (var i = 0; i < 300; i++)
            {
                await server.Publisher.PublishAsync(s_projects[random.Next(s_projects.Length)], "e", i);
            }
        })).ToList();
        var disconnects = victims.Select(v => Task.Run(() => server.Manager.DisconnectAsync(v.Id))).ToList();

        await Task.WhenAll(workers.Concat(publishers)).WaitAsync(TimeSpan.FromSeconds(30));
        await Task.WhenAll(victims.Select(v => v.ReceiveUntilClosedAsync()));
        await Task.WhenAll(disconnects).WaitAsync(TestClient.Timeout);

        Assert.Equal(survivors.Count, server.Manager.ConnectionCount);
        Assert.Equal(survivors.Select(s => s.Id).Order(StringComparer.Ordinal), server.Manager.GetConnectionIds().Order(StringComparer.Ordinal));
        foreach (var victim in victims)
        {
            Assert.Empty(server.Manager.GetProjects(victim.Id));
        }

        foreach (var survivor in survivors)
        {
            Assert.Equal(finalSubscriptions[survivor.Id].Order(StringComparer.Ordinal), server.Manager.GetProjects(survivor.Id).Order(StringComparer.Ordinal));
        }

        foreach (var project in s_projects)
        {
            var expected = survivors.Where(s => finalSubscriptions[s.Id].Contains(project)).Select(s => s.Id).Order(StringComparer.Ordinal).ToList();
            Assert.Equal(expected, server.Manager.GetConnections(project).Order(StringComparer.Ordinal));
            Assert.Equal(expected.Count, server.Manager.GetSubscriberCount(project));
        }
    }
}
