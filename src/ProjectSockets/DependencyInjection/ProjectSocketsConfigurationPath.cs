namespace ProjectSockets;

/// <summary>
/// The configuration path <c>AddProjectSockets(IConfiguration)</c> bound the options from (for example
/// <c>ProjectSockets</c>), so start-up validation can name the key a bad value came from.
/// </summary>
internal sealed class ProjectSocketsConfigurationPath(string path)
{
    /// <summary>The section's path, empty for the configuration root.</summary>
    public string Path { get; } = path;

    /// <summary>The configuration key of a setting named as in code, e.g. <c>History.MaxEvents</c> → <c>ProjectSockets:History:MaxEvents</c>.</summary>
    public string KeyOf(string setting)
    {
        var relative = setting.Replace('.', ':');
        return Path.Length == 0 ? relative : $"{Path}:{relative}";
    }
}
