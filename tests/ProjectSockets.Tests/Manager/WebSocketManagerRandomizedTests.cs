using System.Text.Json;
using ProjectSockets.Tests.Testing;
using Xunit.Sdk;

namespace ProjectSockets.Tests.Manager;

/// <summary>
/// Randomized checks of the subscription indexes with fixed seeds: a failure names its seed and step, and the same
/// seed replays the same run.
/// </summary>
public sealed class WebSocketManagerRandomizedTests
{
    private static readonly string[] s_projects = ["p0", "p1", "p2", "p3", "p4", "p5"];
    private static readonly string[] s_events = ["task_started", "task_done", "agent_output", "gate_running"];
    private static readonly string?[] s_filters = [null, """["task_*"]""", """["agent_output","gate_*"]""", """["*"]"""];

    [Theory]
    [InlineData(20261127)]
    [InlineData(7)]
    public async Task RandomSubscriptions_NoEventEverReachesAConnectionNotSubscribedToItsProject(int seed)
    {
        var random = new Random(seed);
        await using var server = new TestServer(o => o.CommandRate.BurstLimit = 100_000);
        var clients = new List<ModelClient>();
        for (var i = 0; i < 5; i++)
        {
            clients.Add(await ModelClient.ConnectAsync(server, random));
        }

        var step = 0;
        try
        {
            for (; step < 400; step++)
            {
                var client = clients[random.Next(clients.Count)];
                var project = s_projects[random.Next(s_projects.Length)];
                switch (random.Next(10))
                {
                    case < 3:
                        await client.SubscribeAsync(project, s_filters[random.Next(s_filters.Length)]);
                        break;
                    case < 5:
                        await client.UnsubscribeAsync(project);
                        break;
                    case < 9:
                        var eventName = s_events[random.Next(s_events.Length)];
                        var published = await server.Publisher.PublishAsync(project, eventName, step);
                        var recipients = clients.Where(c => c.Expects(project, eventName)).ToList();
                        recipients.ForEach(c => c.Expected.Add($"{project}#{published.Seq}"));
                        Assert.Equal(recipients.Count, published.LocalSubscribers);
                        break;
                    default:
                        await client.CheckAsync();
                        await client.Client.CloseAsync();
                        clients[clients.IndexOf(client)] = await ModelClient.ConnectAsync(server, random);
                        break;
                }

                if (step % 20 == 0)
                {
                    foreach (var each in clients)
                    {
                        await each.CheckAsync();
                    }
                }
            }

            foreach (var each in clients)
            {
                await each.CheckAsync();
            }
        }
        catch (Exception exception) when (exception is not XunitException { InnerException: not null })
        {
            throw new XunitException($"Seed {seed}, step {step}: {exception.Message}", exception);
        }
    }

    /// <summary>A client with the subscriptions it should have, and the events it should have received.</summary>
    private sealed class ModelClient(TestClient client, Dictionary<string, EventFilter> subscriptions)
    {
        public TestClient Client { get; } = client;

        public List<string> Expected { get; } = [];

        private List<string> Received { get; } = [];

        private int _nextId;

        public static async Task<ModelClient> ConnectAsync(TestServer server, Random random)
        {
            var subscriptions = new Dictionary<string, EventFilter>(StringComparer.Ordinal);
            if (random.Next(2) == 0)
            {
                var client = await server.ConnectAsync();
                return new ModelClient(client, subscriptions);
            }

            var project = s_projects[random.Next(s_projects.Length)];
            subscriptions[project] = EventFilter.Create(["task_*"]);
            return new ModelClient(await server.ConnectAsync(project, "events=task_*"), subscriptions);
        }

        public bool Expects(string project, string eventName)
            => subscriptions.TryGetValue(project, out var filter) && filter.Matches(eventName);

        public async Task SubscribeAsync(string project, string? events)
        {
            var before = new List<JsonElement>();
            var result = await Client.InvokeAsync("subscribe", $"{_nextId++}", project, events is null ? null : $$"""{"events":{{events}}}""", before);
            Collect(before);
            Assert.True(result.GetProperty("ok").GetBoolean());
            subscriptions[project] = events is null ? EventFilter.All : EventFilter.Create(JsonSerializer.Deserialize<string[]>(events)!);
        }

        public async Task UnsubscribeAsync(string project)
        {
            var before = new List<JsonElement>();
            await Client.InvokeAsync("unsubscribe", $"{_nextId++}", project, null, before);
            Collect(before);
            subscriptions.Remove(project);
        }

        public async Task CheckAsync()
        {
            Collect(await Client.BarrierAsync());
            Assert.Equal(Expected, Received);
        }

        private void Collect(List<JsonElement> messages)
        {
            foreach (var message in messages)
            {
                Assert.Equal("event", message.GetProperty("type").GetString());
                var project = message.GetProperty("project").GetString()!;
                Assert.True(subscriptions.ContainsKey(project), $"An event of {project} reached a connection not subscribed to it.");
                Received.Add($"{project}#{message.GetProperty("seq").GetInt64()}");
            }
        }
    }
}
