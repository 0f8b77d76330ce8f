using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace ProjectSockets.Tests.Options;

public sealed class ProjectSocketsOptionsValidatorTests
{
    private static readonly Dictionary<string, Action<ProjectSocketsOptions>> s_badSettings = new()
    {
        ["Heartbeat.Interval"] = o => o.Heartbeat.Interval = TimeSpan.Zero,
        ["Heartbeat.Timeout"] = o => o.Heartbeat.Timeout = o.Heartbeat.Interval,
        ["History.MaxEvents"] = o => o.History.MaxEvents = -1,
        ["History.MaxBytes"] = o => o.History.MaxBytes = -1,
        ["History.MaxAge"] = o => o.History.MaxAge = TimeSpan.Zero,
        ["SendQueue.MaxMessages"] = o => o.SendQueue.MaxMessages = 0,
        ["SendQueue.MaxBytes"] = o => o.SendQueue.MaxBytes = 0,
        ["SendQueue.MaxBatchBytes"] = o => o.SendQueue.MaxBatchBytes = 0,
        ["CommandRate.BurstLimit"] = o => o.CommandRate.BurstLimit = 0,
        ["CommandRate.TokensPerSecond"] = o => o.CommandRate.TokensPerSecond = 0,
        ["PolicyClose.MaxProtocolErrors"] = o => o.PolicyClose.MaxProtocolErrors = 0,
        ["PolicyClose.MaxRateLimitedAnswers"] = o => o.PolicyClose.MaxRateLimitedAnswers = 0,
        ["PolicyClose.Window"] = o => o.PolicyClose.Window = TimeSpan.Zero,
        ["MaxMessageBytes"] = o => o.MaxMessageBytes = 255,
        ["MaxEventBytes"] = o => o.MaxEventBytes = 255,
        ["MaxSubscriptionsPerConnection"] = o => o.MaxSubscriptionsPerConnection = 0,
        ["MaxConnections"] = o => o.MaxConnections = 0,
        ["CommandTimeout"] = o => o.CommandTimeout = TimeSpan.Zero,
        ["CloseTimeout"] = o => o.CloseTimeout = TimeSpan.FromSeconds(-1),
        ["ShutdownTimeout"] = o => o.ShutdownTimeout = TimeSpan.Zero,
        ["JsonSerializerOptions"] = o => o.JsonSerializerOptions = new() { WriteIndented = true },
        ["AllowedOrigins"] = o => o.AllowedOrigins.Add("not-an-origin"),
        ["CommandDeduplication.Window"] = o => o.CommandDeduplication.Window = TimeSpan.FromMilliseconds(999),
        ["CommandDeduplication.MaxCommandsPerSession"] = o => o.CommandDeduplication.MaxCommandsPerSession = 0,
        ["CommandDeduplication.MaxCommands"] = o => o.CommandDeduplication.MaxCommands = 0,
        ["Idempotency.Window"] = o => o.Idempotency.Window = TimeSpan.FromMilliseconds(999),
        ["Idempotency.MaxKeysPerProject"] = o => o.Idempotency.MaxKeysPerProject = 0,
        ["Namespaces.0.Pattern"] = o => o.Namespaces.Add(new() { Pattern = "a*b*" }),
        ["Namespaces.1.Pattern"] = o =>
        {
            o.Namespaces.Add(new() { Pattern = "audit:*" });
            o.Namespaces.Add(new() { Pattern = "audit:*" });
        },
        ["Namespaces.0.HistoryMaxEvents"] = o => o.Namespaces.Add(new() { Pattern = "p1", HistoryMaxEvents = -1 }),
        ["Namespaces.0.HistoryMaxBytes"] = o => o.Namespaces.Add(new() { Pattern = "p1", HistoryMaxBytes = 100 }),
        ["Namespaces.0.HistoryMaxAge"] = o => o.Namespaces.Add(new() { Pattern = "p1", HistoryMaxAge = TimeSpan.Zero }),
        ["Namespaces.0.IdempotencyWindow"] = o => o.Namespaces.Add(new() { Pattern = "p1", IdempotencyWindow = TimeSpan.FromDays(2) }),
    };

    private static readonly Dictionary<string, Action<ProjectSocketsOptions>> s_settingsAboveTheirBound = new()
    {
        ["CommandDeduplication.Window"] = o => o.CommandDeduplication.Window = TimeSpan.FromHours(24) + TimeSpan.FromMilliseconds(1),
        ["CommandDeduplication.MaxCommandsPerSession"] = o => o.CommandDeduplication.MaxCommandsPerSession = 100_001,
        ["CommandDeduplication.MaxCommands"] = o => o.CommandDeduplication.MaxCommands = 10_000_001,
    };

    public static TheoryData<string> SettingsAboveTheirBound => [.. s_settingsAboveTheirBound.Keys];

    public static TheoryData<string> BadSettings => [.. s_badSettings.Keys];

    [Fact]
    public void Validate_Defaults_Succeeds()
        => Assert.True(new ProjectSocketsOptionsValidator().Validate(null, new ProjectSocketsOptions()).Succeeded);

    [Theory]
    [MemberData(nameof(BadSettings))]
    public void Validate_BadSetting_FailsNamingIt(string setting)
    {
        var options = new ProjectSocketsOptions();
        s_badSettings[setting](options);

        var result = new ProjectSocketsOptionsValidator().Validate(null, options);

        Assert.True(result.Failed);
        var failure = Assert.Single(result.Failures!);
        Assert.StartsWith(setting, failure, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(SettingsAboveTheirBound))]
    public void Validate_SettingAboveItsBound_FailsNamingIt(string setting)
    {
        var options = new ProjectSocketsOptions();
        s_settingsAboveTheirBound[setting](options);

        var result = new ProjectSocketsOptionsValidator().Validate(null, options);

        var failure = Assert.Single(result.Failures!);
        Assert.StartsWith(setting, failure, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_CommandDeduplicationAtItsBounds_Succeeds()
    {
        var low = new ProjectSocketsOptions();
        low.CommandDeduplication.Window = TimeSpan.FromSeconds(1);
        low.CommandDeduplication.MaxCommandsPerSession = 1;
        low.CommandDeduplication.MaxCommands = 1;
        var high = new ProjectSocketsOptions();
        high.CommandDeduplication.Window = TimeSpan.FromHours(24);
        high.CommandDeduplication.MaxCommandsPerSession = 100_000;
        high.CommandDeduplication.MaxCommands = 10_000_000;

        Assert.True(new ProjectSocketsOptionsValidator().Validate(null, low).Succeeded);
        Assert.True(new ProjectSocketsOptionsValidator().Validate(null, high).Succeeded);
    }

    [Theory]
    [InlineData(256)]
    [InlineData(16 * 1024 * 1024)]
    public void Validate_MaxMessageBytesAtBounds_Succeeds(int bytes)
        => Assert.True(new ProjectSocketsOptionsValidator().Validate(null, new ProjectSocketsOptions { MaxMessageBytes = bytes }).Succeeded);

    [Fact]
    public void Validate_MaxMessageBytesAbove16MiB_Fails()
        => Assert.True(new ProjectSocketsOptionsValidator().Validate(null, new ProjectSocketsOptions { MaxMessageBytes = (16 * 1024 * 1024) + 1 }).Failed);

    [Fact]
    public void Validate_HistoryOfZero_Succeeds()
    {
        var options = new ProjectSocketsOptions();
        options.History.MaxEvents = 0;
        options.History.MaxBytes = 0;

        Assert.True(new ProjectSocketsOptionsValidator().Validate(null, options).Succeeded);
    }

    [Fact]
    public void Validate_ListedOrigins_Succeeds()
    {
        var options = new ProjectSocketsOptions();
        options.AllowedOrigins.Add("https://app.example.com");
        options.AllowedOrigins.Add("http://localhost:5173");

        Assert.True(new ProjectSocketsOptionsValidator().Validate(null, options).Succeeded);
    }

    [Fact]
    public void StartupValidation_WithBadSetting_ThrowsNamingIt()
    {
        var services = new ServiceCollection();
        services.AddProjectSockets(o => o.CommandTimeout = TimeSpan.Zero);
        using var provider = services.BuildServiceProvider();

        var exception = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());

        Assert.Contains("CommandTimeout", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ResolvingOptions_WithBadSetting_ThrowsNamingIt()
    {
        var services = new ServiceCollection();
        services.AddProjectSockets(o => o.SendQueue.MaxMessages = 0);
        using var provider = services.BuildServiceProvider();

        var exception = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<ProjectSocketsOptions>>().Value);

        Assert.Contains("SendQueue.MaxMessages", exception.Message, StringComparison.Ordinal);
    }
}
