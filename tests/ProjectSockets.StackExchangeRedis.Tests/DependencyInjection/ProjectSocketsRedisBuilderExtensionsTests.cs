using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using ProjectSockets.StackExchangeRedis.Tests.Testing;
using StackExchange.Redis;

namespace ProjectSockets.StackExchangeRedis.Tests.DependencyInjection;

public sealed class ProjectSocketsRedisBuilderExtensionsTests(RedisFixture redis) : IClassFixture<RedisFixture>
{
    [Fact]
    public void AddStackExchangeRedis_ReplacesTheEventOutcomePresenceStoresAndTheControlBusAndNothingElse()
    {
        var services = new ServiceCollection();
        var builder = services.AddProjectSockets();
        var before = services.Where(d => d.ServiceType != typeof(IProjectEventStore) && d.ServiceType != typeof(ICommandOutcomeStore) && d.ServiceType != typeof(IPresenceStore) && d.ServiceType != typeof(IControlBus)).ToList();

        builder.AddStackExchangeRedis("127.0.0.1:1");

        var store = Assert.Single(services, d => d.ServiceType == typeof(IProjectEventStore));
        Assert.Equal(typeof(RedisProjectEventStore), store.ImplementationType);
        var outcomes = Assert.Single(services, d => d.ServiceType == typeof(ICommandOutcomeStore));
        Assert.Equal(typeof(RedisCommandOutcomeStore), outcomes.ImplementationType);
        var presence = Assert.Single(services, d => d.ServiceType == typeof(IPresenceStore));
        Assert.Equal(typeof(RedisPresenceStore), presence.ImplementationType);
        Assert.Equal(typeof(RedisControlBus), Assert.Single(services, d => d.ServiceType == typeof(IControlBus)).ImplementationType);
        Assert.All(before, descriptor => Assert.Contains(descriptor, services));
        Assert.Contains(services, d => d.ServiceType == typeof(IWebSocketManager));
        Assert.Contains(services, d => d.ServiceType == typeof(IProjectEventPublisher));
    }

    [Fact]
    public void AddStackExchangeRedis_WithConfigurationString_FailsFastAndStartsWithoutRedis()
    {
        using var provider = Build(b => b.AddStackExchangeRedis("127.0.0.1:1,connectTimeout=100"));

        var options = provider.GetRequiredService<IOptions<ProjectSocketsRedisOptions>>().Value;

        Assert.Equal(BacklogPolicy.FailFast, options.Configuration.BacklogPolicy);
        Assert.False(options.Configuration.AbortOnConnectFail);
        Assert.Equal(100, options.Configuration.ConnectTimeout);
        Assert.Equal(ProjectSocketsRedisOptions.DefaultKeyPrefix, options.KeyPrefix);
    }

    [Theory]
    [InlineData("app{1}:", "KeyPrefix")]
    [InlineData(null, "KeyPrefix")]
    public void Start_WithInvalidKeyPrefix_FailsNamingTheSetting(string? prefix, string setting)
    {
        using var provider = Build(b => b.AddStackExchangeRedis("127.0.0.1:1", o => o.KeyPrefix = prefix!));

        var exception = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IProjectEventStore>());

        Assert.Contains(setting, exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Start_WithProjectExpiryShorterThanHistoryAge_FailsNamingTheSetting()
    {
        using var provider = Build(
            b => b.AddStackExchangeRedis("127.0.0.1:1", o => o.ProjectExpiry = TimeSpan.FromMinutes(5)),
            o => o.History.MaxAge = TimeSpan.FromMinutes(10));

        var exception = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IProjectEventStore>());

        Assert.Contains("ProjectExpiry", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Start_WithTooShortVerifyInterval_FailsNamingTheSetting()
    {
        using var provider = Build(b => b.AddStackExchangeRedis("127.0.0.1:1", o => o.VerifyInterval = TimeSpan.FromMilliseconds(10)));

        var exception = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IProjectEventStore>());

        Assert.Contains("VerifyInterval", exception.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("node 1")]
    [InlineData("node{1}")]
    public void Start_WithInvalidNodeId_FailsNamingTheSetting(string nodeId)
    {
        using var provider = Build(b => b.AddStackExchangeRedis("127.0.0.1:1", o => o.NodeId = nodeId));

        var exception = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IProjectEventStore>());

        Assert.Contains("NodeId", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void NodeId_WhenSet_IsTheStoresId()
    {
        using var provider = Build(b => b.AddStackExchangeRedis("127.0.0.1:1", o => o.NodeId = "web-1"));

        Assert.Equal("web-1", ((RedisProjectEventStore)provider.GetRequiredService<IProjectEventStore>()).NodeId);
    }

    [Fact]
    public void NodeId_ByDefault_IsRandomPerStoreInstance()
    {
        using var first = Build(b => b.AddStackExchangeRedis("127.0.0.1:1"));
        using var second = Build(b => b.AddStackExchangeRedis("127.0.0.1:1"));

        var firstId = ((RedisProjectEventStore)first.GetRequiredService<IProjectEventStore>()).NodeId;
        var secondId = ((RedisProjectEventStore)second.GetRequiredService<IProjectEventStore>()).NodeId;

        Assert.Null(first.GetRequiredService<IOptions<ProjectSocketsRedisOptions>>().Value.NodeId);
        Assert.True(ProtocolNames.IsValidName(firstId));
        Assert.NotEqual(firstId, secondId);
    }

    [Fact]
    public async Task AddStackExchangeRedis_WithHostConnection_UsesItAndLeavesItOpen()
    {
        await using var connection = await ConnectionMultiplexer.ConnectAsync(redis.Configuration);
        var prefix = RedisFixture.NewPrefix();
        var provider = Build(b => b.AddStackExchangeRedis(connection, o => o.KeyPrefix = prefix));

        var published = await provider.GetRequiredService<IProjectEventPublisher>().PublishAsync("p1", "tick", null);
        await provider.DisposeAsync();

        Assert.Equal(1, published.Seq);
        Assert.True(connection.IsConnected);
        Assert.Equal(1, (long)await connection.GetDatabase().HashGetAsync($"{prefix}{{p1}}:meta", "seq"));
    }

    private static ServiceProvider Build(Action<IProjectSocketsBuilder> redis, Action<ProjectSocketsOptions>? configure = null)
    {
        var services = new ServiceCollection();
        redis(services.AddProjectSockets(configure));
        return services.BuildServiceProvider();
    }
}
