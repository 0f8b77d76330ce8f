using Microsoft.Extensions.Options;

namespace ProjectSockets;

/// <summary>The command registry: the built-in names and the host's handlers, bound to the serializer options.</summary>
internal sealed class CommandRegistry
{
    public const string Subscribe = "subscribe";
    public const string Unsubscribe = "unsubscribe";
    public const string Refresh = "refresh";
    public const string Presence = "presence";

    /// <summary>The built-in command that reads a project's history.</summary>
    public const string History = "history";

    private readonly Dictionary<string, CommandInvoker> _commands = new(StringComparer.Ordinal);

    public CommandRegistry(IOptions<CommandRegistryOptions> registrations, IOptions<ProjectSocketsOptions> options)
    {
        var problem = CommandRegistryValidator.FindProblem(registrations.Value);
        if (problem is not null)
        {
            throw new OptionsValidationException(nameof(CommandRegistryOptions), typeof(CommandRegistryOptions), [problem]);
        }

        foreach (var registration in registrations.Value.Commands)
        {
            _commands.Add(registration.Name, registration.Bind(options.Value.JsonSerializerOptions));
        }
    }

    public static bool IsBuiltIn(string name) => name is Subscribe or Unsubscribe or History or Presence or Refresh;

    public IEnumerable<string> Names => _commands.Keys;

    public bool TryGet(string name, out CommandInvoker invoker) => _commands.TryGetValue(name, out invoker!);
}
