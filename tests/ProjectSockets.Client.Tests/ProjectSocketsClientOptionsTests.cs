using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace ProjectSockets.Client.Tests;

public sealed class ProjectSocketsClientOptionsTests
{
    [Fact]
    public void Constructor_WithoutUrl_ThrowsNamingTheSetting()
    {
        var exception = Assert.Throws<OptionsValidationException>(() => new ProjectSocketsClient(new ProjectSocketsClientOptions()));

        Assert.Contains("Url", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Constructor_WithBadReconnectSettings_ThrowsNamingThem()
    {
        var options = new ProjectSocketsClientOptions { Url = new Uri("ws://localhost/ws") };
        options.Reconnect.JitterRatio = 2;
        options.Reconnect.Multiplier = 0.5;

        var exception = Assert.Throws<OptionsValidationException>(() => new ProjectSocketsClient(options));

        Assert.Contains("Reconnect.JitterRatio", exception.Message, StringComparison.Ordinal);
        Assert.Contains("Reconnect.Multiplier", exception.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("short")]
    [InlineData("has a space 0123456789")]
    [InlineData("0123456789012345678901234567890123456789012345678901234567890123456789")]
    public void Constructor_WithBadSessionKey_ThrowsNamingTheSetting(string key)
    {
        var options = new ProjectSocketsClientOptions { Url = new Uri("ws://localhost/ws"), SessionKey = key };

        var exception = Assert.Throws<OptionsValidationException>(() => new ProjectSocketsClient(options));

        Assert.Contains("SessionKey", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AddProjectSocketsClient_RegistersOneConfiguredClient()
    {
        var services = new ServiceCollection();
        services.AddProjectSocketsClient(o => o.Url = new Uri("ws://localhost/ws"));
        services.AddProjectSocketsClient();
        await using var provider = services.BuildServiceProvider();

        var client = provider.GetRequiredService<ProjectSocketsClient>();

        Assert.Same(client, provider.GetRequiredService<ProjectSocketsClient>());
        Assert.Equal(ProjectSocketsClientState.Disconnected, client.State);
        Assert.Single(services, d => d.ServiceType == typeof(ProjectSocketsClient));
    }

    [Fact]
    public async Task AddProjectSocketsClient_InvalidOptions_FailValidation()
    {
        var services = new ServiceCollection();
        services.AddProjectSocketsClient(o => o.Url = new Uri("http://localhost/ws"));
        await using var provider = services.BuildServiceProvider();

        var exception = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<ProjectSocketsClientOptions>>().Value);

        Assert.Contains("Url", exception.Message, StringComparison.Ordinal);
    }
}
