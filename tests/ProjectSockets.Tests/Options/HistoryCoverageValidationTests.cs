using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ProjectSockets.Tests.Testing;

namespace ProjectSockets.Tests.Options;

/// <summary>How history, the send queue and the largest event are sized against one another, and checked at start-up.</summary>
public sealed class HistoryCoverageValidationTests
{
    [Fact]
    public void Defaults_HistoryHoldsAtLeastTwiceTheSendQueue_ByEventsAndByBytes()
    {
        var options = new ProjectSocketsOptions();

        Assert.True(options.History.MaxEvents >= 2L * options.SendQueue.MaxMessages, $"History.MaxEvents {options.History.MaxEvents} < 2 × {options.SendQueue.MaxMessages}");
        Assert.True(options.History.MaxBytes >= 2L * options.SendQueue.MaxBytes, $"History.MaxBytes {options.History.MaxBytes} < 2 × {options.SendQueue.MaxBytes}");
        Assert.True(ProjectSocketsOptionsValidator.HistoryCoversSendQueue(options));
    }

    [Fact]
    public void Defaults_MaxEventBytes_IsWellUnderTheQueueAndHistoryBytes()
    {
        var options = new ProjectSocketsOptions();

        Assert.Equal(64 * 1024, options.MaxEventBytes);
        Assert.True(16L * options.MaxEventBytes <= options.SendQueue.MaxBytes);
        Assert.True(16L * options.MaxEventBytes <= options.History.MaxBytes);
    }

    [Fact]
    public void StartupValidation_WithHistoryUnderTwiceTheQueue_StartsAndWarnsOnceWithTheNumbers()
    {
        var logs = new CapturingLoggerProvider();
        using var provider = Build(logs, o =>
        {
            o.History.MaxEvents = 1000;
            o.History.MaxBytes = 1024 * 1024;
        });

        provider.GetRequiredService<IStartupValidator>().Validate();
        _ = provider.GetRequiredService<IOptionsMonitor<ProjectSocketsOptions>>().Get("other");

        var warning = Assert.Single(logs.Entries, e => e.EventId.Name == "HistoryShorterThanSendQueue");
        Assert.Equal(LogLevel.Warning, warning.Level);
        Assert.Contains("History.MaxEvents (1000)", warning.Message, StringComparison.Ordinal);
        Assert.Contains("History.MaxBytes (1048576)", warning.Message, StringComparison.Ordinal);
        Assert.Contains("SendQueue.MaxMessages (1000)", warning.Message, StringComparison.Ordinal);
        Assert.Contains("SendQueue.MaxBytes (1048576)", warning.Message, StringComparison.Ordinal);
        Assert.Contains("at least 2 times", warning.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void StartupValidation_WithBytesCoveredButEventsNot_Warns()
    {
        var logs = new CapturingLoggerProvider();
        using var provider = Build(logs, o => o.History.MaxEvents = (2 * o.SendQueue.MaxMessages) - 1);

        provider.GetRequiredService<IStartupValidator>().Validate();

        Assert.Contains(logs.Entries, e => e.EventId.Name == "HistoryShorterThanSendQueue");
    }

    [Theory]
    [InlineData("defaults")]
    [InlineData("history-off")]
    [InlineData("exactly-twice")]
    public void StartupValidation_WithHistoryCoveringTheQueueOrSwitchedOff_DoesNotWarn(string setting)
    {
        var logs = new CapturingLoggerProvider();
        using var provider = Build(logs, o =>
        {
            switch (setting)
            {
                case "history-off":
                    o.History.MaxEvents = 0;
                    break;
                case "exactly-twice":
                    o.History.MaxEvents = 2 * o.SendQueue.MaxMessages;
                    o.History.MaxBytes = 2 * o.SendQueue.MaxBytes;
                    break;
            }
        });

        provider.GetRequiredService<IStartupValidator>().Validate();

        Assert.DoesNotContain(logs.Entries, e => e.EventId.Name == "HistoryShorterThanSendQueue");
    }

    [Theory]
    [InlineData("SendQueue.MaxBytes")]
    [InlineData("History.MaxBytes")]
    public void Validate_MaxEventBytesAboveAByteBound_FailsNamingBothSettings(string bound)
    {
        var options = new ProjectSocketsOptions();
        if (bound == "SendQueue.MaxBytes")
        {
            options.SendQueue.MaxBytes = 32 * 1024;
        }
        else
        {
            options.History.MaxBytes = 32 * 1024;
        }

        var result = new ProjectSocketsOptionsValidator().Validate(null, options);

        var failure = Assert.Single(result.Failures!);
        Assert.StartsWith("MaxEventBytes (65536)", failure, StringComparison.Ordinal);
        Assert.Contains($"{bound} (32768)", failure, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_MaxEventBytesAboveAHistoryOfZeroBytes_Succeeds()
    {
        var options = new ProjectSocketsOptions();
        options.History.MaxBytes = 0;

        Assert.True(new ProjectSocketsOptionsValidator().Validate(null, options).Succeeded);
    }

    [Fact]
    public void Validate_MaxEventBytesEqualToBothBounds_Succeeds()
    {
        var options = new ProjectSocketsOptions { MaxEventBytes = 4096 };
        options.SendQueue.MaxBytes = 4096;
        options.History.MaxBytes = 4096;

        Assert.True(new ProjectSocketsOptionsValidator().Validate(null, options).Succeeded);
    }

    private static ServiceProvider Build(CapturingLoggerProvider logs, Action<ProjectSocketsOptions> configure)
    {
        var services = new ServiceCollection();
        services.AddLogging(l => l.AddProvider(logs));
        services.AddProjectSockets(configure);
        return services.BuildServiceProvider();
    }
}
