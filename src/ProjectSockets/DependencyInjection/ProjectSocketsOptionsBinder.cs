using Microsoft.Extensions.Configuration;

namespace ProjectSockets;

/// <summary>
/// Binds <see cref="ProjectSocketsOptions"/> from configuration with the configuration binder's generated code (no
/// reflection: trim- and AOT-safe). Every setting is bound by the name it has in code, except
/// <see cref="ProjectSocketsOptions.JsonSerializerOptions"/>: converters, resolvers and encoders are code, not text,
/// so that property is set in code only.
/// </summary>
internal static class ProjectSocketsOptionsBinder
{
    public static void Bind(IConfiguration configuration, ProjectSocketsOptions options)
    {
        configuration.GetSection(nameof(ProjectSocketsOptions.Heartbeat)).Bind(options.Heartbeat);
        configuration.GetSection(nameof(ProjectSocketsOptions.History)).Bind(options.History);
        configuration.GetSection(nameof(ProjectSocketsOptions.Idempotency)).Bind(options.Idempotency);
        configuration.GetSection(nameof(ProjectSocketsOptions.Namespaces)).Bind(options.Namespaces);
        configuration.GetSection(nameof(ProjectSocketsOptions.CommandDeduplication)).Bind(options.CommandDeduplication);
        configuration.GetSection(nameof(ProjectSocketsOptions.Presence)).Bind(options.Presence);
        configuration.GetSection(nameof(ProjectSocketsOptions.SendQueue)).Bind(options.SendQueue);
        configuration.GetSection(nameof(ProjectSocketsOptions.CommandRate)).Bind(options.CommandRate);
        configuration.GetSection(nameof(ProjectSocketsOptions.PolicyClose)).Bind(options.PolicyClose);
        configuration.GetSection(nameof(ProjectSocketsOptions.AllowedOrigins)).Bind(options.AllowedOrigins);
        options.MaxMessageBytes = configuration.GetValue(nameof(ProjectSocketsOptions.MaxMessageBytes), options.MaxMessageBytes);
        options.MaxEventBytes = configuration.GetValue(nameof(ProjectSocketsOptions.MaxEventBytes), options.MaxEventBytes);
        options.MaxSubscriptionsPerConnection = configuration.GetValue(nameof(ProjectSocketsOptions.MaxSubscriptionsPerConnection), options.MaxSubscriptionsPerConnection);
        options.MaxConnections = configuration.GetValue(nameof(ProjectSocketsOptions.MaxConnections), options.MaxConnections);
        options.CommandTimeout = configuration.GetValue(nameof(ProjectSocketsOptions.CommandTimeout), options.CommandTimeout);
        options.CloseTimeout = configuration.GetValue(nameof(ProjectSocketsOptions.CloseTimeout), options.CloseTimeout);
        options.ShutdownTimeout = configuration.GetValue(nameof(ProjectSocketsOptions.ShutdownTimeout), options.ShutdownTimeout);
        options.CredentialExpiryWarning = configuration.GetValue(nameof(ProjectSocketsOptions.CredentialExpiryWarning), options.CredentialExpiryWarning);
    }
}
