using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace ProjectSockets.Tests.DependencyInjection;

/// <summary><c>AddProjectSockets(configuration.GetSection("ProjectSockets"))</c>: options from appsettings-style keys.</summary>
public sealed class ConfigurationBindingTests
{
    private static IConfigurationSection Section(Dictionary<string, string?> values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values).Build().GetSection("ProjectSockets");

    /// <summary>
    /// The binder lists each setting by hand (its generated code needs no reflection): a setting added to the options
    /// without a line there would be silently ignored in appsettings.json.
    /// </summary>
    [Fact]
    public void TheBinder_NamesEverySettingOfTheOptions_ExceptTheJsonOptions()
    {
        var binder = File.ReadAllText(Path.Combine(ProjectSockets.Testing.RepositoryPaths.Source("ProjectSockets"), "DependencyInjection", "ProjectSocketsOptionsBinder.cs"));
        var missing = typeof(ProjectSocketsOptions).GetProperties()
            .Select(p => p.Name)
            .Where(name => name != nameof(ProjectSocketsOptions.JsonSerializerOptions))
            .Where(name => !binder.Contains($"nameof(ProjectSocketsOptions.{name})", StringComparison.Ordinal))
            .ToList();
        Assert.Empty(missing);
    }

    [Fact]
    public void AddProjectSockets_FromConfiguration_BindsNestedOptions()
    {
        var services = new ServiceCollection();
        services.AddProjectSockets(Section(new()
        {
            ["ProjectSockets:History:MaxEvents"] = "5000",
            ["ProjectSockets:History:MaxAge"] = "00:30:00",
            ["ProjectSockets:SendQueue:MaxMessages"] = "2048",
            ["ProjectSockets:Heartbeat:Interval"] = "00:00:10",
            ["ProjectSockets:Heartbeat:Timeout"] = "00:00:25",
            ["ProjectSockets:MaxEventBytes"] = "32768",
            ["ProjectSockets:AllowedOrigins:0"] = "https://app.example.com",
            ["ProjectSockets:AllowedOrigins:1"] = "https://admin.example.com",
        }));
        using var provider = services.BuildServiceProvider();

        provider.GetRequiredService<IStartupValidator>().Validate();
        var options = provider.GetRequiredService<IOptions<ProjectSocketsOptions>>().Value;

        Assert.Equal(5000, options.History.MaxEvents);
        Assert.Equal(TimeSpan.FromMinutes(30), options.History.MaxAge);
        Assert.Equal(2048, options.SendQueue.MaxMessages);
        Assert.Equal(TimeSpan.FromSeconds(10), options.Heartbeat.Interval);
        Assert.Equal(TimeSpan.FromSeconds(25), options.Heartbeat.Timeout);
        Assert.Equal(32768, options.MaxEventBytes);
        Assert.Equal(["https://app.example.com", "https://admin.example.com"], options.AllowedOrigins);
    }

    [Fact]
    public void AddProjectSockets_FromConfiguration_BindsNamespacesAndIdempotency()
    {
        var services = new ServiceCollection();
        services.AddProjectSockets(Section(new()
        {
            ["ProjectSockets:Idempotency:Window"] = "00:10:00",
            ["ProjectSockets:Namespaces:0:Pattern"] = "audit:*",
            ["ProjectSockets:Namespaces:0:HistoryMaxEvents"] = "50000",
            ["ProjectSockets:Namespaces:0:HistoryMaxAge"] = "1.00:00:00",
            ["ProjectSockets:Namespaces:1:Pattern"] = "audit:eu:*",
            ["ProjectSockets:Namespaces:1:IdempotencyWindow"] = "00:00:30",
        }));
        using var provider = services.BuildServiceProvider();

        provider.GetRequiredService<IStartupValidator>().Validate();
        var options = provider.GetRequiredService<IOptions<ProjectSocketsOptions>>().Value;

        Assert.Equal(new ProjectSettings(50000, options.History.MaxBytes, TimeSpan.FromDays(1), TimeSpan.FromMinutes(10)), options.GetProjectSettings("audit:1"));
        Assert.Equal(new ProjectSettings(options.History.MaxEvents, options.History.MaxBytes, options.History.MaxAge, TimeSpan.FromSeconds(30)), options.GetProjectSettings("audit:eu:1"));
        Assert.Equal(TimeSpan.FromMinutes(10), options.GetProjectSettings("p1").IdempotencyWindow);
    }

    [Fact]
    public void AddProjectSockets_FromConfiguration_WithBadNamespace_FailsAtStartupNamingTheKey()
    {
        var services = new ServiceCollection();
        services.AddProjectSockets(Section(new() { ["ProjectSockets:Namespaces:0:Pattern"] = "bad pattern*" }));
        using var provider = services.BuildServiceProvider();

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());

        Assert.Contains("configuration key 'ProjectSockets:Namespaces:0:Pattern'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AddProjectSockets_FromConfiguration_AppliesTheDelegateAfterTheConfiguration()
    {
        var services = new ServiceCollection();
        services.AddProjectSockets(
            Section(new() { ["ProjectSockets:History:MaxEvents"] = "5000", ["ProjectSockets:MaxConnections"] = "10" }),
            o => o.History.MaxEvents = 7000);
        using var provider = services.BuildServiceProvider();

        var options = provider.GetRequiredService<IOptions<ProjectSocketsOptions>>().Value;

        Assert.Equal(7000, options.History.MaxEvents);
        Assert.Equal(10, options.MaxConnections);
    }

    [Fact]
    public void AddProjectSockets_FromConfiguration_WithBadValue_FailsAtStartupNamingTheKey()
    {
        var services = new ServiceCollection();
        services.AddProjectSockets(Section(new() { ["ProjectSockets:History:MaxEvents"] = "-1" }));
        using var provider = services.BuildServiceProvider();

        var exception = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());

        Assert.Contains("History.MaxEvents (configuration key 'ProjectSockets:History:MaxEvents') must be 0 or more.", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AddProjectSockets_FromConfiguration_WithBadNestedOrigin_NamesTheSettingAndSection()
    {
        var services = new ServiceCollection();
        services.AddProjectSockets(Section(new() { ["ProjectSockets:AllowedOrigins:0"] = "not an origin" }));
        using var provider = services.BuildServiceProvider();

        var exception = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());

        Assert.Contains("'ProjectSockets:AllowedOrigins'", exception.Message, StringComparison.Ordinal);
        Assert.Contains("'not an origin'", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AddProjectSockets_WithoutConfiguration_KeepsMessagesInCodeTerms()
    {
        var services = new ServiceCollection();
        services.AddProjectSockets(o => o.History.MaxEvents = -1);
        using var provider = services.BuildServiceProvider();

        var exception = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());

        Assert.Contains("History.MaxEvents must be 0 or more.", exception.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("configuration key", exception.Message, StringComparison.Ordinal);
    }
}
