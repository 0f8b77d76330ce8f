using Microsoft.Extensions.Options;

namespace ProjectSockets;

/// <summary>Rejects reserved and duplicate command names at start-up, naming the command.</summary>
internal sealed class CommandRegistryValidator : IValidateOptions<CommandRegistryOptions>
{
    public ValidateOptionsResult Validate(string? name, CommandRegistryOptions options)
    {
        var problem = FindProblem(options);
        return problem is null ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problem);
    }

    public static string? FindProblem(CommandRegistryOptions options)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var registration in options.Commands)
        {
            if (CommandRegistry.IsBuiltIn(registration.Name))
            {
                return $"Command '{registration.Name}' is built in and cannot be registered again.";
            }

            if (!seen.Add(registration.Name))
            {
                return $"Command '{registration.Name}' is registered more than once.";
            }
        }

        return null;
    }
}
