using Microsoft.Extensions.DependencyInjection;
using ProjectSockets.Specification.Tests;
using ProjectSockets.StackExchangeRedis.Tests.Testing;

namespace ProjectSockets.StackExchangeRedis.Tests;

/// <summary>
/// The whole wire protocol on two Kestrel nodes that share one Redis: clients are on node A, and the suite publishes
/// on node B. Each test has a key prefix of its own, so no two tests share a project.
/// </summary>
public sealed class TwoNodeProtocolConformanceTests(RedisFixture redis) : ProtocolConformanceTests, IClassFixture<RedisFixture>
{
    protected override async Task<IProtocolTestHost> StartHostAsync(
        Action<ProjectSocketsOptions> configure,
        Action<IProjectSocketsBuilder> build,
        Action<IServiceCollection> services)
    {
        var prefix = RedisFixture.NewPrefix();
        IProjectSocketsBuilder Register(IServiceCollection collection)
        {
            var builder = collection.AddProjectSockets(configure);
            build(builder);
            builder.AddStackExchangeRedis(redis.Configuration, o => o.KeyPrefix = prefix);
            services(collection);
            return builder;
        }

        var clientNode = await KestrelNode.StartAsync(Register);
        try
        {
            return new TwoNodeProtocolTestHost(clientNode, await KestrelNode.StartAsync(Register));
        }
        catch
        {
            await clientNode.DisposeAsync();
            throw;
        }
    }
}
