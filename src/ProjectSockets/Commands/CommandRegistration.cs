using System.Reflection;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;

namespace ProjectSockets;

/// <summary>One host command: its name and how to invoke it.</summary>
internal sealed class CommandRegistration
{
    private static readonly byte[] s_emptyObject = "{}"u8.ToArray();

    private CommandRegistration(string name, Func<JsonSerializerOptions, CommandInvoker> bind)
    {
        Name = name;
        Bind = bind;
    }

    public string Name { get; }

    /// <summary>Binds the handler to the serializer options the host configured.</summary>
    public Func<JsonSerializerOptions, CommandInvoker> Bind { get; }

    public static CommandRegistration FromDelegate<TArgs, TResult>(string name, Func<TArgs, CommandContext, CancellationToken, ValueTask<TResult>> handler)
        => new(name, json => async (args, context, cancellationToken) =>
        {
            var value = ReadArgs<TArgs>(args, json);
            var result = await handler(value, context, cancellationToken).ConfigureAwait(false);
            return JsonSerializer.SerializeToUtf8Bytes(result, json);
        });

    public static CommandRegistration FromHandlerType(string name, Type handlerType)
    {
        var contract = handlerType.GetInterfaces()
            .SingleOrDefault(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(ICommandHandler<,>))
            ?? throw new ArgumentException($"Command '{name}': {handlerType.Name} must implement ICommandHandler<TArgs, TResult> exactly once.", nameof(handlerType));
        var method = typeof(CommandRegistration).GetMethod(nameof(FromHandler), BindingFlags.NonPublic | BindingFlags.Static)!
            .MakeGenericMethod([handlerType, .. contract.GetGenericArguments()]);
        return (CommandRegistration)method.Invoke(null, [name])!;
    }

    private static CommandRegistration FromHandler<THandler, TArgs, TResult>(string name)
        where THandler : ICommandHandler<TArgs, TResult>
        => FromDelegate<TArgs, TResult>(name, (args, context, cancellationToken) =>
            ActivatorUtilities.GetServiceOrCreateInstance<THandler>(context.Services).HandleAsync(args, context, cancellationToken));

    private static TArgs ReadArgs<TArgs>(byte[]? args, JsonSerializerOptions json)
    {
        try
        {
            return JsonSerializer.Deserialize<TArgs>(args ?? s_emptyObject, json)!;
        }
        catch (JsonException exception)
        {
            throw new InvalidCommandArgumentsException(exception);
        }
        catch (NotSupportedException exception)
        {
            throw new InvalidCommandArgumentsException(exception);
        }
    }
}
