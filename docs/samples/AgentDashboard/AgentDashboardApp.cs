using AgentDashboard.Api;
using AgentDashboard.Authorization;
using AgentDashboard.Commands;
using AgentDashboard.Tasks;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.FileProviders;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using ProjectSockets;

namespace AgentDashboard;

/// <summary>
/// Builds the AgentDashboard application: simulated agents working on projects, streamed to WebSocket clients
/// through ProjectSockets. <c>Program.cs</c> runs it; the tests start it in-process on port 0.
/// </summary>
public static class AgentDashboardApp
{
    /// <summary>The address the sample listens on when no URL is configured.</summary>
    public const string DefaultUrl = "http://localhost:5180";

    /// <summary>
    /// Builds the application from command-line arguments (for example <c>--urls</c>, <c>--Sample:StepDelayMs=50</c>,
    /// <c>--redis localhost:6379</c>).
    /// </summary>
    /// <param name="args">The command-line arguments.</param>
    /// <returns>The application, not yet started.</returns>
    public static WebApplication Create(string[] args)
    {
        ArgumentNullException.ThrowIfNull(args);

        // Settings are read next to the assembly, so `dotnet run` and `dotnet AgentDashboard.dll` behave the same.
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });

        // `--redis <configuration>` is short for `--Sample:Redis <configuration>`.
        builder.Configuration.AddCommandLine(args, new Dictionary<string, string> { ["--redis"] = SampleOptions.RedisKey });
        if (!HasConfiguredUrls(builder.Configuration))
        {
            builder.WebHost.UseUrls(DefaultUrl);
        }

        builder.Services.AddOptions<SampleOptions>()
            .BindConfiguration(SampleOptions.SectionName)
            .Validate(o => o.StepDelayMs >= 1, "Sample:StepDelayMs must be at least 1.")
            .Validate(o => o.MaxPublishBytes >= 1, "Sample:MaxPublishBytes must be at least 1.")
            .Validate(o => o.PublishPermitLimit >= 1, "Sample:PublishPermitLimit must be at least 1.")
            .Validate(o => o.PublishWindowSeconds >= 1, "Sample:PublishWindowSeconds must be at least 1.")
            .ValidateOnStart();
        builder.Services.AddProblemDetails();
        builder.Services.AddExceptionHandler<StoreUnavailableExceptionHandler>();
        builder.Services.AddPublishProtection();
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<TaskSimulator>();
        builder.Services.AddSingleton<ProjectTokens>();

        // Replaces the core's allow-all default: private projects need their token.
        builder.Services.AddSingleton<IProjectAuthorizer, TokenProjectAuthorizer>();
        var sockets = builder.Services.AddProjectSockets(options => options.Heartbeat.Interval = TimeSpan.FromSeconds(15))
            .AddAgentCommands()
            .AddHealthChecks();

        // Metrics for Prometheus at GET /metrics; traces are collected (ProjectSockets' spans join ASP.NET Core's) for
        // an exporter the operator adds. dotnet-counters reads the same meters without any of this.
        builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService("AgentDashboard"))
            .WithMetrics(metrics => metrics
                .AddMeter("ProjectSockets", "ProjectSockets.StackExchangeRedis", "Microsoft.AspNetCore.Hosting", "Microsoft.AspNetCore.Server.Kestrel")
                .AddPrometheusExporter())
            .WithTracing(tracing => tracing.AddSource("ProjectSockets"));

        // With Redis, every instance started with the same configuration shares projects: sequence, history, events.
        if (builder.Configuration[SampleOptions.RedisKey] is { Length: > 0 } redis)
        {
            sockets.AddStackExchangeRedis(redis, options => options.KeyPrefix = "agentdashboard:");
        }

        var app = builder.Build();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseRateLimiter();
        var page = new EmbeddedFileProvider(typeof(AgentDashboardApp).Assembly, "AgentDashboard.wwwroot");
        app.UseDefaultFiles(new DefaultFilesOptions { FileProvider = page });
        app.UseStaticFiles(new StaticFileOptions { FileProvider = page });

        app.MapProjectSockets();
        app.MapEventsApi();
        app.MapPrometheusScrapingEndpoint("/metrics");
        app.MapHealthChecks("/health");
        app.Lifetime.ApplicationStarted.Register(() =>
        {
            LogAddresses(app);
            if (string.IsNullOrEmpty(app.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<SampleOptions>>().Value.PublishKey))
            {
                SampleLog.NoPublishKey(app.Logger);
            }
        });

        return app;
    }

    private static bool HasConfiguredUrls(IConfiguration configuration)
        => !string.IsNullOrEmpty(configuration[WebHostDefaults.ServerUrlsKey])
            || !string.IsNullOrEmpty(configuration["http_ports"])
            || !string.IsNullOrEmpty(configuration["https_ports"])
            || configuration.GetSection("Kestrel:Endpoints").Exists();

    private static void LogAddresses(WebApplication app)
    {
        var addresses = app.Services.GetRequiredService<Microsoft.AspNetCore.Hosting.Server.IServer>()
            .Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
        foreach (var address in addresses)
        {
            SampleLog.Listening(app.Logger, address);
        }
    }
}
