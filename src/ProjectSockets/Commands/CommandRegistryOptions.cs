namespace ProjectSockets;

/// <summary>The commands the host registered through the builder.</summary>
internal sealed class CommandRegistryOptions
{
    public List<CommandRegistration> Commands { get; } = [];
}
