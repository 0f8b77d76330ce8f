using StackExchange.Redis;
using Xunit.Abstractions;

namespace ProjectSockets.StackExchangeRedis.Tests.Testing;

/// <summary>The nodes of one test: same Redis, same key prefix; disposed together at the end of the test.</summary>
internal sealed class NodeSet(Func<string> configuration, ITestOutputHelper? output) : IAsyncDisposable
{
    private readonly List<TestNode> _nodes = [];

    public string Prefix { get; } = RedisFixture.NewPrefix();

    public TestNode Add(string name, Action<ProjectSocketsOptions>? configure = null, Action<ProjectSocketsRedisOptions>? redis = null, TimeProvider? timeProvider = null, Action<Microsoft.Extensions.DependencyInjection.IServiceCollection>? services = null)
    {
        var node = new TestNode(configuration(), Prefix, output, configure, options =>
        {
            options.Configuration.ClientName = name;
            redis?.Invoke(options);
        }, timeProvider, name, extra: services);
        _nodes.Add(node);
        return node;
    }

    public RedisKey Meta(string project) => $"{Prefix}{{{project}}}:meta";

    public RedisKey History(string project) => $"{Prefix}{{{project}}}:history";

    public string Channel(string project) => $"{Prefix}{{{project}}}:events";

    /// <summary>Appends an event the way a publish does, but announces it on a channel nobody listens to: a lost notification.</summary>
    public static async Task<long> AppendWithoutNotificationAsync(TestNode node, string project, int value)
    {
        var database = await node.Store.GetDatabaseAsync();
        var (seq, _) = await node.Store.History.AppendAsync(database, project, RedisChannel.Literal("nobody-listens"), node.Store.NowMs(), "tick", System.Text.Encoding.UTF8.GetBytes($$"""{"value":{{value}}}"""));
        return seq;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var node in _nodes)
        {
            await node.DisposeAsync();
        }
    }
}
