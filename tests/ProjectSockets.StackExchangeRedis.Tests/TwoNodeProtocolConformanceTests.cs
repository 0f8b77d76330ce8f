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
        Task<KestrelHost> StartNodeAsync() => KestrelHost.StartAsync(
            configure,
            sockets =>
            {
                build(sockets);
                sockets.AddStackExchangeRedis(redis.Configuration, o => o.KeyPrefix = prefix);
            },
            builder => services(builder.Services),
            captureLogs: false);

        var clientNode = await StartNodeAsync();
        try
        {
            return new TwoNodeProtocolTestHost(clientNode, await StartNodeAsync());
        }
        catch
        {
            await clientNode.DisposeAsync();
            throw;
        }
    }
}
