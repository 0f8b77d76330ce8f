using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using NSubstitute;
using ProjectSockets.Tests.Testing;

namespace ProjectSockets.Tests.DependencyInjection;

public sealed class ProjectSocketsServiceCollectionExtensionsTests
{
    [Fact]
    public void AddProjectSockets_CalledTwice_RegistersEachServiceOnce()
    {
        var services = new ServiceCollection();

        services.AddProjectSockets();
        var count = services.Count;
        services.AddProjectSockets();

        Assert.Equal(count, services.Count);
        Assert.Single(services, d => d.ServiceType == typeof(IWebSocketManager));
        Assert.Single(services, d => d.ServiceType == typeof(IValidateOptions<ProjectSocketsOptions>));
    }

    [Fact]
    public void AddProjectSockets_CalledTwice_ResolvesOneManager()
    {
        var services = new ServiceCollection();
        services.AddProjectSockets();
        services.AddProjectSockets();
        using var provider = services.BuildServiceProvider();

        Assert.Same(provider.GetRequiredService<IWebSocketManager>(), provider.GetRequiredService<IWebSocketManager>());
        Assert.Single(provider.GetServices<IWebSocketManager>());
    }

    [Fact]
    public void AddProjectSockets_AppliesUserConfigurationAfterDefaults()
    {
        var services = new ServiceCollection();
        services.AddProjectSockets(o => o.Heartbeat.Interval = TimeSpan.FromSeconds(15));
        services.AddProjectSockets();
        using var provider = services.BuildServiceProvider();

        var options = provider.GetRequiredService<IOptions<ProjectSocketsOptions>>().Value;

        Assert.Equal(TimeSpan.FromSeconds(15), options.Heartbeat.Interval);
        Assert.Equal(TimeSpan.FromSeconds(90), options.Heartbeat.Timeout);
    }

    [Fact]
    public void AddProjectSockets_KeepsHostRegistrations()
    {
        var authorizer = Substitute.For<IProjectAuthorizer>();
        var time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider();
        var services = new ServiceCollection();
        services.AddSingleton(authorizer);
        services.AddSingleton<TimeProvider>(time);
        services.AddProjectSockets();
        using var provider = services.BuildServiceProvider();

        Assert.Same(authorizer, provider.GetRequiredService<IProjectAuthorizer>());
        Assert.Same(time, provider.GetRequiredService<TimeProvider>());
    }

    [Fact]
    public void AddProjectSockets_ResolvesEveryPublicService()
    {
        var services = new ServiceCollection();
        services.AddProjectSockets();
        using var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });

        Assert.NotNull(provider.GetRequiredService<IWebSocketManager>());
        Assert.NotNull(provider.GetRequiredService<IProjectEventPublisher>());
        Assert.NotNull(provider.GetRequiredService<IProjectEventStore>());
        Assert.NotNull(provider.GetRequiredService<IProjectAuthorizer>());
    }

    [Fact]
    public void AllowAllAuthorizer_LogsOneWarning()
    {
        var logs = new CapturingLoggerProvider();
        var services = new ServiceCollection();
        services.AddLogging(l => l.AddProvider(logs));
        services.AddProjectSockets();
        using var provider = services.BuildServiceProvider();

        provider.GetRequiredService<IProjectAuthorizer>();
        provider.GetRequiredService<IWebSocketManager>();
        provider.GetRequiredService<IProjectAuthorizer>();

        var warning = Assert.Single(logs.Entries, e => e.Level == LogLevel.Warning);
        Assert.Equal("AllowAllAuthorizer", warning.EventId.Name);
    }

    [Fact]
    public void HostAuthorizer_LogsNoWarning()
    {
        var logs = new CapturingLoggerProvider();
        var services = new ServiceCollection();
        services.AddLogging(l => l.AddProvider(logs));
        services.AddProjectSockets();
        services.AddSingleton(Substitute.For<IProjectAuthorizer>());
        using var provider = services.BuildServiceProvider();

        provider.GetRequiredService<IWebSocketManager>();

        Assert.DoesNotContain(logs.Entries, e => e.Level == LogLevel.Warning);
    }

    [Fact]
    public async Task AllowAllAuthorizer_AllowsEverything()
    {
        var authorizer = new AllowAllProjectAuthorizer();

        Assert.True(await authorizer.CanSubscribeAsync(new ConnectionRequest(), "p1"));
        Assert.True(await authorizer.CanInvokeAsync(new ConnectionRequest(), "start_task", null));
    }
}
